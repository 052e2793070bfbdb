package org.homeward.gateway.forward;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/** Unit-test sink: records what it confirmed; a script decides each record's outcome. */
final class FakeSink implements Sink {
    final List<ForwardRecord> confirmed = Collections.synchronizedList(new ArrayList<>());
    final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
    volatile Function<ForwardRecord, DeliveryResult> script = r -> DeliveryResult.ok();

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public List<DeliveryResult> deliver(List<ForwardRecord> batch) {
        batchSizes.add(batch.size());
        List<DeliveryResult> out = new ArrayList<>();
        boolean failed = false;
        for (ForwardRecord r : batch) {
            DeliveryResult res = failed ? DeliveryResult.transientFailure("after failure") : script.apply(r);
            failed |= res.outcome() == DeliveryResult.Outcome.TRANSIENT;
            if (res.outcome() == DeliveryResult.Outcome.OK) {
                confirmed.add(r);
            }
            out.add(res);
        }
        return out;
    }

    @Override
    public void close() {
    }
}
