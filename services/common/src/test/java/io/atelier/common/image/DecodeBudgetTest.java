package io.atelier.common.image;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DecodeBudgetTest {

    @Test
    void decodesTakeTurnsOnceTheirPixelsExceedTheBudget() throws Exception {
        DecodeBudget budget = new DecodeBudget(100);
        DecodeBudget.Permit first = budget.acquire(60);
        assertThat(budget.available()).isEqualTo(40);

        CompletableFuture<DecodeBudget.Permit> second = CompletableFuture.supplyAsync(() -> budget.acquire(60));
        awaitQueued(budget);
        assertThat(second).isNotDone();

        first.close();
        second.get(30, TimeUnit.SECONDS).close();
        assertThat(budget.available()).isEqualTo(100);
    }

    @Test
    void anImageLargerThanTheWholeBudgetWaitsForAllOfItAndHoldsAllOfIt() throws Exception {
        DecodeBudget budget = new DecodeBudget(100);
        DecodeBudget.Permit small = budget.acquire(1);

        CompletableFuture<DecodeBudget.Permit> huge = CompletableFuture.supplyAsync(() -> budget.acquire(5_000_000_000L));
        awaitQueued(budget);
        assertThat(huge).isNotDone();

        small.close();
        try (DecodeBudget.Permit permit = huge.get(30, TimeUnit.SECONDS)) {
            assertThat(budget.available()).isZero();
        }
        assertThat(budget.available()).isEqualTo(100);
    }

    @Test
    void aTimedWaitGivesUpWhileThePixelsAreHeldAndSucceedsOnceTheyAreFree() {
        DecodeBudget budget = new DecodeBudget(100);
        try (DecodeBudget.Permit held = budget.acquire(50)) {
            assertThat(budget.tryAcquire(51, Duration.ofMillis(50))).isEmpty();
            assertThat(budget.available()).as("nothing taken by the refused wait").isEqualTo(50);
        }
        budget.tryAcquire(51, Duration.ofMillis(50)).orElseThrow().close();
        assertThat(budget.available()).isEqualTo(100);
    }

    @Test
    void aBudgetWithoutPixelsIsRefused() {
        assertThatThrownBy(() -> new DecodeBudget(0)).hasMessageContaining("at least one pixel");
    }

    /** Returns once a thread waits for pixels of the budget. */
    static void awaitQueued(DecodeBudget budget) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!budget.hasWaiting()) {
            assertThat(System.nanoTime()).as("a decode waits for the budget").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
