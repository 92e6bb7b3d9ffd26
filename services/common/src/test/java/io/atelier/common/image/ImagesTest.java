package io.atelier.common.image;

import org.junit.jupiter.api.Test;

import javax.imageio.IIOException;

import static org.assertj.core.api.Assertions.assertThat;

class ImagesTest {

    @Test
    void runningOutOfHeapIsToldFromBadDataWhereverTheJdkPutsTheError() {
        OutOfMemoryError outOfHeap = new OutOfMemoryError("Java heap space");
        IndexOutOfBoundsException followOn = new IndexOutOfBoundsException("pos < flushedPos!");
        followOn.addSuppressed(outOfHeap);

        assertThat(Images.ranOutOfHeap(outOfHeap)).isTrue();
        assertThat(Images.ranOutOfHeap(new IIOException("Caught exception during read: ", outOfHeap)))
                .as("the PNG decoder's way").isTrue();
        assertThat(Images.ranOutOfHeap(followOn)).as("the PNG encoder's way").isTrue();
        assertThat(Images.ranOutOfHeap(new IIOException("Unsupported Image Type"))).isFalse();
        assertThat(Images.ranOutOfHeap(new IndexOutOfBoundsException("pos < flushedPos!"))).isFalse();
    }
}
