package org.homeward.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonViewsShownTest {
    @Test
    void valuesLoseBinaryNoiseButNotMeaning() {
        assertThat(JsonViews.shown((double) 37.79f)).isEqualTo(37.79);
        assertThat(JsonViews.shown(1.3333 * 60)).isEqualTo(79.998);
        assertThat(JsonViews.shown(30.602)).isEqualTo(30.602);
        assertThat(JsonViews.shown(96.0)).isEqualTo(96.0);
        assertThat(JsonViews.shown(-85.5)).isEqualTo(-85.5);
        assertThat(JsonViews.shown(Double.NaN)).isNaN();
    }
}
