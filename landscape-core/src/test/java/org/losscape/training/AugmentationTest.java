package org.losscape.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.losscape.data.ImageSet;
import org.losscape.data.Normalization;

class AugmentationTest {

    /** Mean 0 and std 1/255 make a normalized value equal to its byte: easy to read. */
    private static final Normalization IDENTITY =
            new Normalization(new float[] {0f}, new float[] {1f / 255f});

    private static final int SIDE = 12;

    @Test
    void batch_everyOutput_isAShiftedOrFlippedCopyWithBlackBorder() {
        ImageSet image = gradientImage();
        Augmentation augmentation = new Augmentation(image, IDENTITY);
        SplittableRandom random = new SplittableRandom(5);

        Set<String> seen = new HashSet<>();
        for (int trial = 0; trial < 200; trial++) {
            float[] out = augmentation.batch(new int[] {0}, random);
            seen.add(matchTransform(image, out));
        }

        // 9 × 9 shifts × 2 flips = 162 transforms; 200 draws hit many of them, never another.
        assertTrue(seen.size() > 60, "only " + seen.size() + " distinct transforms");
        assertTrue(seen.stream().anyMatch(s -> s.endsWith("flip")), "no flip drawn");
        assertTrue(seen.stream().anyMatch(s -> s.endsWith("keep")), "every image flipped");
    }

    @Test
    void batch_sameSeed_sameImages() {
        ImageSet image = gradientImage();
        Augmentation augmentation = new Augmentation(image, IDENTITY);

        float[] first = augmentation.batch(new int[] {0, 0, 0}, new SplittableRandom(9));
        float[] second = augmentation.batch(new int[] {0, 0, 0}, new SplittableRandom(9));

        assertArrayEquals(first, second, 0f);
    }

    @Test
    void batch_padding_isNormalizedBlack() {
        Normalization cifarLike = new Normalization(new float[] {0.5f}, new float[] {0.25f});
        byte[] white = new byte[SIDE * SIDE];
        java.util.Arrays.fill(white, (byte) 255);
        ImageSet image = new ImageSet("white", 1, SIDE, SIDE, white, new int[] {0});
        Augmentation augmentation = new Augmentation(image, cifarLike);
        SplittableRandom random = new SplittableRandom(1);

        float min = Float.MAX_VALUE;
        for (int trial = 0; trial < 50; trial++) {
            for (float value : augmentation.batch(new int[] {0}, random)) {
                min = Math.min(min, value);
            }
        }

        assertEquals((0f - 0.5f) / 0.25f, min, 1e-6f);
    }

    /** Pixel (y, x) of the test image holds y · SIDE + x + 1, so 0 only in the padding. */
    private static ImageSet gradientImage() {
        byte[] pixels = new byte[SIDE * SIDE];
        for (int p = 0; p < pixels.length; p++) {
            pixels[p] = (byte) (p + 1);
        }
        return new ImageSet("gradient", 1, SIDE, SIDE, pixels, new int[] {0});
    }

    /** The (shift, flip) that maps the image to {@code out}; fails if none does. */
    private static String matchTransform(ImageSet image, float[] out) {
        for (int dy = -4; dy <= 4; dy++) {
            for (int dx = -4; dx <= 4; dx++) {
                for (boolean flip : new boolean[] {false, true}) {
                    if (matches(image, out, dy, dx, flip)) {
                        return dy + "," + dx + "," + (flip ? "flip" : "keep");
                    }
                }
            }
        }
        throw new AssertionError("output is no shifted or flipped copy of the image");
    }

    private static boolean matches(ImageSet image, float[] out, int dy, int dx, boolean flip) {
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int sourceY = y + dy;
                int sourceX = (flip ? SIDE - 1 - x : x) + dx;
                boolean inside = sourceY >= 0 && sourceY < SIDE && sourceX >= 0 && sourceX < SIDE;
                float expected = inside ? image.pixels()[sourceY * SIDE + sourceX] & 0xff : 0;
                if (Math.abs(out[y * SIDE + x] - expected) > 1e-3f) {
                    return false;
                }
            }
        }
        return true;
    }
}
