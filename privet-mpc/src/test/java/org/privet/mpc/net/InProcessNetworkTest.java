package org.privet.mpc.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class InProcessNetworkTest {
    @Test
    void messagesArriveInOrderAndAreCounted() {
        List<InProcessNetwork> net = InProcessNetwork.create(3, 1000);
        net.get(0).send(2, new byte[] {1});
        net.get(0).send(2, new byte[] {2, 3});
        net.get(1).send(2, new byte[] {9});
        assertThat(net.get(2).receive(0)).containsExactly(1);
        assertThat(net.get(2).receive(1)).containsExactly(9);
        assertThat(net.get(2).receive(0)).containsExactly(2, 3);
        assertThat(net.get(0).counters().bytesSent()).isEqualTo(3);
        assertThat(net.get(2).counters().messagesReceived()).isEqualTo(3);
    }

    @Test
    void receiveTimesOutWithTheSilentPeerNamed() {
        List<InProcessNetwork> net = InProcessNetwork.create(2, 20);
        assertThatThrownBy(() -> net.get(1).receive(0)).isInstanceOf(MpcException.class)
                .hasMessageContaining("no message from party 0");
    }

    @Test
    void aClosedPeerIsDrainedThenReportedAsGone() {
        List<InProcessNetwork> net = InProcessNetwork.create(2, 1000);
        net.get(0).send(1, new byte[] {7});
        net.get(0).close();
        assertThat(net.get(1).receive(0)).containsExactly(7);
        assertThatThrownBy(() -> net.get(1).receive(0)).isInstanceOf(MpcException.class)
                .hasMessageContaining("party 0 disconnected");
        assertThatThrownBy(() -> net.get(1).send(0, new byte[1])).isInstanceOf(MpcException.class);
        assertThatThrownBy(() -> net.get(1).send(1, new byte[1])).isInstanceOf(IllegalArgumentException.class);
    }
}
