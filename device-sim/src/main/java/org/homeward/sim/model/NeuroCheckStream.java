package org.homeward.sim.model;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Manual ICE checks (entered by a caregiver or tele-nurse, not sent by a device) every
 * {@code everyHours}; each is an EVENT emission with one record {@code ice} (0–10).
 */
final class NeuroCheckStream implements Iterator<Emission> {
    private final PatientKit kit;
    private final RunProfile profile;
    private final Scenario.NeuroChecks checks;
    private final long endMillis;
    private int k = 1;

    NeuroCheckStream(PatientKit kit, RunProfile profile) {
        this.kit = kit;
        this.profile = profile;
        this.checks = kit.scenario().neuroChecks();
        this.endMillis = profile.wallMillis(kit.scenario());
    }

    @Override
    public boolean hasNext() {
        return profile.wallMillisOf(k * checks.everyHours()) < endMillis;
    }

    @Override
    public Emission next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        double h = k * checks.everyHours();
        long w = profile.wallMillisOf(h);
        k++;
        int ice = 10;
        for (Scenario.IceScore s : checks.scores()) {
            if (s.fromHour() <= h) {
                ice = s.ice();
            }
        }
        Pack p = new Pack("urn:homeward:manual:", List.of(Rec.number("ice", null, ice, profile.epochSeconds(w), null)));
        return new Emission(w, k, kit.patientId(), "-", null, Channel.EVENT, p, h, null, "");
    }
}
