package dev.facereel.onnx.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/**
 * A pool of native buffer sets that lets one session serve several threads: each call borrows a set, or makes one
 * when all are in use, and gives it back afterwards. So the pool holds as many sets as calls ever ran at once.
 */
final class Buffers<T extends AutoCloseable> implements AutoCloseable {
    private final Supplier<T> factory;
    private final Deque<T> idle = new ArrayDeque<>();
    private final List<T> all = new ArrayList<>();
    private boolean closed;

    Buffers(Supplier<T> factory) {
        this.factory = factory;
    }

    T borrow() {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the provider is closed");
            }
            T set = idle.pollFirst();
            if (set != null) {
                return set;
            }
        }
        T made = factory.get();
        synchronized (this) {
            all.add(made);
        }
        return made;
    }

    synchronized void giveBack(T set) {
        idle.addFirst(set);
    }

    /** Releases every set; only call it when no call is running. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (T set : all) {
            try {
                set.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not release native buffers", e);
            }
        }
        all.clear();
        idle.clear();
    }
}
