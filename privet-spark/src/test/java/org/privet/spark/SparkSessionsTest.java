package org.privet.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The JVM's one session: reused for its master, refused for another, local settings applied. */
class SparkSessionsTest {
    @Test
    void theSessionIsReusedAndAnotherMasterIsRefused() {
        TestSpark.context();
        assertThat(SparkSessions.session(TestSpark.MASTER)).isSameAs(SparkSessions.session(TestSpark.MASTER));
        assertThat(SparkSessions.session("submit").sparkContext().master()).isEqualTo(TestSpark.MASTER);
        assertThatThrownBy(() -> SparkSessions.session("local[3]")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already running").hasMessageContaining("local[3]");
        assertThatThrownBy(() -> SparkSessions.session(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(SparkSessions.session(TestSpark.MASTER).conf().get("spark.ui.enabled")).isEqualTo("false");
        assertThat(SparkSessions.session(TestSpark.MASTER).conf().get("spark.driver.host")).isEqualTo("127.0.0.1");
    }

    @Test
    void localCoresAreReadFromTheMaster() {
        assertThat(SparkSessions.localCores("local")).isEqualTo(1);
        assertThat(SparkSessions.localCores("local[3]")).isEqualTo(3);
        assertThat(SparkSessions.localCores("local[2,3]")).isEqualTo(2);
        assertThat(SparkSessions.localCores("local[*]")).isEqualTo(Runtime.getRuntime().availableProcessors());
    }
}
