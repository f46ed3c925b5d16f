package io.couponflow.testing;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every DynamoDB call a client makes, with when it started and ended: an SDK {@link ExecutionInterceptor}
 * that tells how many round trips a piece of work made in series (the longest chain of calls each of
 * which started after the previous one ended), whatever ran in parallel. An optional added latency per
 * call stands in for the network between Lambda and DynamoDB, so that parallel calls surely overlap.
 */
public final class RoundTrips implements ExecutionInterceptor {
    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("couponflow.roundTrips.started");

    /** One call: its operation and its span in nanoseconds. */
    public record Call(String operation, long start, long end) {
    }

    private final long addedNanos;
    private final List<Call> calls = new ArrayList<>();

    /** @param addedLatency slept before each call is sent (zero for none) */
    public RoundTrips(Duration addedLatency) {
        this.addedNanos = addedLatency.toNanos();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
        if (addedNanos > 0) {
            try {
                Thread.sleep(addedNanos / 1_000_000, (int) (addedNanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        record(context.request().getClass().getSimpleName(), attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        record(context.request().getClass().getSimpleName(), attributes);
    }

    private synchronized void record(String requestClass, ExecutionAttributes attributes) {
        Long start = attributes.getAttribute(STARTED);
        calls.add(new Call(requestClass.replace("Request", ""), start == null ? System.nanoTime() : start, System.nanoTime()));
    }

    /** Forgets the calls so far. */
    public synchronized void clear() {
        calls.clear();
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /**
     * Calls in series: the most calls of which each started after the one before ended (interval
     * scheduling by earliest end). Two calls that overlapped count once, however many ran together.
     */
    public synchronized int inSeries() {
        return chain().size();
    }

    /** One longest chain of calls in series, in order (which operations made the critical path). */
    public synchronized List<Call> chain() {
        List<Call> byEnd = new ArrayList<>(calls);
        byEnd.sort(Comparator.comparingLong(Call::end));
        List<Call> chain = new ArrayList<>();
        long free = Long.MIN_VALUE;
        for (Call c : byEnd) {
            if (c.start() >= free) {
                chain.add(c);
                free = c.end();
            }
        }
        return chain;
    }
}
