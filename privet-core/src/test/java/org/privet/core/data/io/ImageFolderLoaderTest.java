package org.privet.core.data.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privet.core.data.DataFormatException;
import org.privet.core.data.Dataset;
import org.privet.core.progress.Progress;

class ImageFolderLoaderTest {
    @TempDir
    Path root;

    static void writeP5(Path p, int w, int h, int maxval, int[] values) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("P5\n# a comment\n" + w + " " + h + "\n" + maxval + "\n").getBytes(StandardCharsets.US_ASCII));
        for (int v : values) {
            if (maxval > 255) {
                b.write(v >>> 8);
            }
            b.write(v);
        }
        Files.createDirectories(p.getParent());
        Files.write(p, b.toByteArray());
    }

    static void writePng(Path p, int w, int h, int type, int[] rgb) throws IOException {
        BufferedImage img = new BufferedImage(w, h, type);
        if (type == BufferedImage.TYPE_BYTE_GRAY) {
            for (int i = 0; i < rgb.length; i++) {
                img.getRaster().setSample(i % w, i / w, 0, rgb[i]);
            }
        } else {
            img.setRGB(0, 0, w, h, rgb, 0, w);
        }
        Files.createDirectories(p.getParent());
        assertThat(ImageIO.write(img, "png", p.toFile())).isTrue();
    }

    @Test
    void pgmVariantsParse() throws IOException {
        Path p8 = root.resolve("p8.pgm");
        writeP5(p8, 2, 1, 255, new int[] {0, 255});
        assertThat(Pgm.read(p8).pixels()).containsExactly(0f, 1f);
        Path p16 = root.resolve("p16.pgm");
        writeP5(p16, 3, 1, 65535, new int[] {0, 32768, 65535});
        assertThat(Pgm.read(p16).pixels()[1]).isCloseTo(32768f / 65535f, within(1e-7f));
        Path p2 = root.resolve("p2.pgm");
        Files.writeString(p2, "P2\n3 2 # size\n10\n0 5 10\n10 5 0\n");
        Pgm.Image g = Pgm.read(p2);
        assertThat(g.width()).isEqualTo(3);
        assertThat(g.height()).isEqualTo(2);
        assertThat(g.pixels()).containsExactly(0f, 0.5f, 1f, 1f, 0.5f, 0f);
        Path cut = root.resolve("cut.pgm");
        Files.write(cut, "P5 4 4 255\n\0\0".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> Pgm.read(cut)).isInstanceOf(DataFormatException.class)
                .hasMessage(cut + ": truncated PGM data: 4x4 pixels of 1 byte(s) need 16 bytes after the header, found 2");
        Path over = root.resolve("over.pgm");
        Files.writeString(over, "P2 1 1 10 11\n");
        assertThatThrownBy(() -> Pgm.read(over)).hasMessageContaining("above maxval 10");
    }

    @Test
    void loadsClassFoldersInNaturalOrderWithMixedFormats() throws IOException {
        writeP5(root.resolve("s10/1.pgm"), 2, 2, 255, new int[] {0, 51, 102, 255});
        writeP5(root.resolve("s2/10.pgm"), 2, 2, 255, new int[] {255, 255, 255, 255});
        Files.writeString(root.resolve("s2/2.pgm"), "P2 2 2 4\n0 1 2 4\n");
        writePng(root.resolve("s2/3.png"), 2, 2, BufferedImage.TYPE_BYTE_GRAY, new int[] {0, 0, 255, 255});
        Files.writeString(root.resolve("s2/notes.txt"), "ignored");
        Dataset d = ImageFolderLoader.load(root);
        assertThat(d.classNames()).containsExactly("s2", "s10");
        assertThat(d.labels()).containsExactly(0, 0, 0, 1);
        assertThat(d.features().shape()).containsExactly(4, 1, 2, 2);
        // files of s2 in natural order: 2.pgm, 3.png, 10.pgm
        assertThat(d.features().data()).containsExactly(0f, 0.25f, 0.5f, 1f, 0f, 0f, 1f, 1f, 1f, 1f, 1f, 1f,
                0f, 0.2f, 0.4f, 1f);
        assertThat(d.name()).isEqualTo(root.getFileName().toString());
    }

    @Test
    void rgbAndGreyConversions() throws IOException {
        int red = 0xffff0000;
        int white = 0xffffffff;
        writePng(root.resolve("c/x.png"), 2, 1, BufferedImage.TYPE_INT_RGB, new int[] {red, white});
        Dataset rgb = ImageFolderLoader.load(root, ImageFolderLoader.options().rgb(true).build(), Progress.NONE);
        assertThat(rgb.features().shape()).containsExactly(1, 3, 1, 2);
        assertThat(rgb.features().data()).containsExactly(1f, 1f, 0f, 1f, 0f, 1f);
        Dataset grey = ImageFolderLoader.load(root);
        assertThat(grey.features().data()[0]).isCloseTo(0.299f, within(1e-6f));
        assertThat(grey.features().data()[1]).isCloseTo(1f, within(1e-6f));
        // JPEG goes through ImageIO too; lossy, so only roughly
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                img.setRGB(x, y, 0xff808080);
            }
        }
        assertThat(ImageIO.write(img, "jpg", root.resolve("c/y.jpg").toFile())).isTrue();
        Dataset mixed = ImageFolderLoader.load(root, ImageFolderLoader.options().targetSize(4, 4).build(), Progress.NONE);
        assertThat(mixed.size()).isEqualTo(2);
        assertThat(mixed.features().data()[16 + 5]).isCloseTo(128f / 255f, within(0.03f));
    }

    @Test
    void sizeMismatchNamesTheFileAndTargetSizeResizes() throws IOException {
        writeP5(root.resolve("a/1.pgm"), 2, 2, 255, new int[] {0, 0, 0, 0});
        Path odd = root.resolve("a/2.pgm");
        writeP5(odd, 3, 1, 255, new int[] {255, 255, 255});
        assertThatThrownBy(() -> ImageFolderLoader.load(root)).isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(odd + ": image is 3x1 but the first image (")
                .hasMessageContaining("give a target size to resize");
        Dataset d = ImageFolderLoader.load(root, ImageFolderLoader.options().targetSize(2, 2).build(), Progress.NONE);
        assertThat(d.features().data()).containsExactly(0f, 0f, 0f, 0f, 1f, 1f, 1f, 1f);
        Path broken = root.resolve("a/3.png");
        Files.writeString(broken, "not a png");
        assertThatThrownBy(() -> ImageFolderLoader.load(root, ImageFolderLoader.options().targetSize(2, 2).build(),
                Progress.NONE)).hasMessageStartingWith(broken + ": not a readable");
    }

    @Test
    void bilinearResizeMatchesHandComputedValues() {
        // 1x2 [0, 1] -> 1x4: centres at source x = -0.25, 0.25, 0.75, 1.25 -> clamp/interpolate
        float[] r = ImageFolderLoader.resizeBilinear(new float[] {0f, 1f}, 1, 2, 1, 4);
        assertThat(r).containsExactly(0f, 0.25f, 0.75f, 1f);
        // downscale 4x4 -> 2x2 samples at 0.5 / 2.5: the averages of 2x2 neighbourhoods' centre points
        float[] src = new float[16];
        for (int i = 0; i < 16; i++) {
            src[i] = i;
        }
        assertThat(ImageFolderLoader.resizeBilinear(src, 4, 4, 2, 2)).containsExactly(2.5f, 4.5f, 10.5f, 12.5f);
        // constant stays constant
        float[] c = new float[9];
        java.util.Arrays.fill(c, 0.3f);
        for (float v : ImageFolderLoader.resizeBilinear(c, 3, 3, 7, 5)) {
            assertThat(v).isCloseTo(0.3f, within(1e-6f));
        }
    }

    @Test
    void emptyOrMissingFolders() throws IOException {
        assertThatThrownBy(() -> ImageFolderLoader.load(root.resolve("nope"))).hasMessageContaining("is not a folder");
        assertThatThrownBy(() -> ImageFolderLoader.load(root)).hasMessageContaining("has no class folders");
        Files.createDirectories(root.resolve("empty"));
        assertThatThrownBy(() -> ImageFolderLoader.load(root)).hasMessageContaining("class folder has no");
    }

    @Test
    void naturalOrder() {
        assertThat(ImageFolderLoader.naturalCompare("s2", "s10")).isNegative();
        assertThat(ImageFolderLoader.naturalCompare("a", "b")).isNegative();
        assertThat(ImageFolderLoader.naturalCompare("x01", "x1")).isNotZero();
        assertThat(ImageFolderLoader.naturalCompare("10.pgm", "9.pgm")).isPositive();
    }

    @Test
    void loadsClassFoldersInsideAZip() throws IOException {
        Path zip = root.resolve("set.zip");
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            for (String cls : new String[] {"cat", "dog"}) {
                for (int i = 0; i < 2; i++) {
                    z.putNextEntry(new java.util.zip.ZipEntry("train/" + cls + "/" + i + ".pgm"));
                    z.write(("P2 1 1 4 " + (cls.equals("cat") ? i : 4 - i) + "\n").getBytes(StandardCharsets.US_ASCII));
                    z.closeEntry();
                }
            }
        }
        Dataset d = ImageFolderLoader.loadZip(zip, "train", ImageFolderLoader.options().build(), Progress.NONE);
        assertThat(d.name()).isEqualTo("train");
        assertThat(d.classNames()).containsExactly("cat", "dog");
        assertThat(d.features().data()).containsExactly(0f, 0.25f, 1f, 0.75f);
        assertThatThrownBy(() -> ImageFolderLoader.loadZip(zip, "test", ImageFolderLoader.options().build(),
                Progress.NONE)).hasMessageContaining("archive has no folder 'test'");
    }

    @Test
    @Tag("slow")
    void loadsCifar10TestSplitFromTheZip() {
        Path zip = Path.of("/work/shared/data/cifar10/cifar10-jpeg.zip");
        assumeThat(Files.isRegularFile(zip)).as("CIFAR-10 under /work/shared/data").isTrue();
        Dataset d = ImageFolderLoader.loadZip(zip, "test", ImageFolderLoader.options().rgb(true).build(), Progress.NONE);
        assertThat(d.features().shape()).containsExactly(10000, 3, 32, 32);
        assertThat(d.classNames()).containsExactly("airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
                "horse", "ship", "truck");
        assertThat(d.classCounts()).containsOnly(1000);
    }

    @Test
    @Tag("slow")
    void loadsOrlFaces() {
        Path orl = Path.of("/work/shared/data/orl-faces");
        assumeThat(Files.isDirectory(orl)).as("ORL faces under /work/shared/data").isTrue();
        Dataset d = ImageFolderLoader.load(orl);
        assertThat(d.size()).isEqualTo(400);
        assertThat(d.features().shape()).containsExactly(400, 1, 112, 92);
        assertThat(d.classNames()).hasSize(40).startsWith("s1", "s2", "s3");
        assertThat(d.classCounts()).containsOnly(10);
        assertThat(d.features().max()).isLessThanOrEqualTo(1f);
        Dataset small = ImageFolderLoader.load(orl, ImageFolderLoader.options().targetSize(56, 46).build(),
                Progress.NONE);
        assertThat(small.features().shape()).containsExactly(400, 1, 56, 46);
    }
}
