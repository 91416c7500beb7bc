package org.privet.cli;

/** Entry point of the {@code privet} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("privet");
    }
}
