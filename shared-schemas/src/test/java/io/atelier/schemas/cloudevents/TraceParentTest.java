package io.atelier.schemas.cloudevents;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TraceParentTest {

    @Test
    void childKeepsTheTraceAndFlagsWithANewSpan() {
        TraceParent parent = TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").orElseThrow();

        TraceParent child = parent.child();

        assertThat(child.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(child.flags()).isEqualTo("01");
        assertThat(child.spanId()).hasSize(16).isNotEqualTo(parent.spanId());
        assertThat(TraceParent.parse(child.toString())).contains(child);
    }

    @Test
    void malformedOrAllZeroHeadersAreIgnored() {
        assertThat(TraceParent.parse(null)).isEmpty();
        assertThat(TraceParent.parse("garbage")).isEmpty();
        assertThat(TraceParent.parse("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).isEmpty();
        assertThat(TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")).isEmpty();
        assertThat(TraceParent.parse("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).isEmpty();
    }

    @Test
    void rootTracesAreValid() {
        assertThat(TraceParent.parse(TraceParent.root().toString())).isPresent();
    }
}
