package dev.facereel.spi.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs two kinds of provider call, alternating, from several threads at once for a thread-safe provider, or from
 * one thread other than the one that made it for any other (callers such as the pipeline do that), and checks every
 * answer.
 */
final class Concurrently {
    private static final int THREADS = 4;
    private static final int CALLS = 12;

    private Concurrently() {
    }

    /** Every call must answer true. */
    static void check(boolean threadSafe, Callable<Boolean> first, Callable<Boolean> second) throws Exception {
        int threads = threadSafe ? THREADS : 1;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    int wrong = 0;
                    for (int i = 0; i < CALLS; i++) {
                        if (!((i + thread) % 2 == 0 ? first : second).call()) {
                            wrong++;
                        }
                    }
                    return wrong;
                }));
            }
            start.countDown();
            int wrong = 0;
            for (Future<Integer> r : results) {
                wrong += r.get(2, TimeUnit.MINUTES);
            }
            assertThat(wrong).as("calls that answered differently from the same call made alone").isZero();
        } finally {
            pool.shutdownNow();
        }
    }
}
