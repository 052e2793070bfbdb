package org.homeward.gateway.web;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Reads the patient page's uPlot trend charts from a browser test: whether a chart was drawn by
 * uPlot (its canvas inside {@code .uplot}) and with how many readings, and whether the baseline
 * band is really painted on the canvas (pixels sampled across the band's rectangle).
 */
public final class TrendProbe {
    private static final String POINTS = """
            const f = document.querySelector(`figure[data-testid=trend][data-vital=${arguments[0]}]`);
            if (!f || !f.querySelector('.uplot canvas') || !f.dataset.drawn) return -1;
            return Number(f.dataset.points);
            """;
    private static final String BAND_SHARE = """
            const f = document.querySelector(`figure[data-testid=trend][data-vital=${arguments[0]}]`);
            const canvas = f && f.querySelector('.uplot canvas');
            if (!canvas || !f.dataset.bandPx) return 0;
            const [x, y, w, h] = f.dataset.bandPx.split(',').map(Number);
            const r = canvas.width / canvas.clientWidth;
            const ctx = canvas.getContext('2d');
            let green = 0, n = 0;
            for (let i = 1; i < 40; i++) {
              const px = ctx.getImageData(Math.round((x + w * i / 40) * r), Math.round((y + h / 2) * r), 1, 1).data;
              n++;
              if (px[3] > 0 && px[1] - px[0] > 6 && px[1] - px[2] > 6) green++;
            }
            return green / n;
            """;

    private TrendProbe() {
    }

    /** Readings (not low-confidence) in the vital's uPlot chart; -1 while there is no drawn uPlot chart. */
    public static long points(WebDriver d, String vital) {
        return ((Number) ((JavascriptExecutor) d).executeScript(POINTS, vital)).longValue();
    }

    /** Share of samples across the middle of the baseline band that show the band's green; 0 without a band. */
    public static double bandShare(WebDriver d, String vital) {
        return ((Number) ((JavascriptExecutor) d).executeScript(BAND_SHARE, vital)).doubleValue();
    }
}
