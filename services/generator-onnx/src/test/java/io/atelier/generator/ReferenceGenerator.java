package io.atelier.generator;

import java.util.Map;

/**
 * A deliberately naive forward pass of {@link GeneratorSpec} in plain Java (one image, CHW), written
 * from the architecture's description, to check the exported graph against.
 */
final class ReferenceGenerator {

    private final GeneratorSpec spec;
    private final Map<String, float[]> p;

    ReferenceGenerator(GeneratorSpec spec, Map<String, float[]> parameters) {
        this.spec = spec;
        this.p = parameters;
    }

    /** A 3-channel h x w image in, the same out. */
    float[][][] forward(float[][][] input) {
        float[][][] x = relu(norm(conv(input, "head", 3, 7, 1), "head"));
        x = relu(norm(conv(x, "down1", x.length, 3, 2), "down1"));
        x = relu(norm(conv(x, "down2", x.length, 3, 2), "down2"));
        for (int i = 0; i < spec.residualBlocks(); i++) {
            float[][][] y = relu(norm(conv(x, "res" + i + ".a", x.length, 3, 1), "res" + i + ".a"));
            y = norm(conv(y, "res" + i + ".b", y.length, 3, 1), "res" + i + ".b");
            x = add(x, y);
        }
        x = relu(norm(conv(upsample(x), "up1", x.length, 3, 1), "up1"));
        x = relu(norm(conv(upsample(x), "up2", x.length, 3, 1), "up2"));
        float[][][] out = add(conv(x, "tail", x.length, 7, 1), conv(input, "keep", 3, 1, 1));
        for (float[][] plane : out) {
            for (float[] row : plane) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = (float) Math.tanh(row[j]);
                }
            }
        }
        return out;
    }

    private float[][][] conv(float[][][] x, String name, int in, int k, int stride) {
        float[] w = p.get(name + ".weight");
        float[] b = p.get(name + ".bias");
        int out = b.length;
        int h = x[0].length;
        int wd = x[0][0].length;
        int pad = k / 2;
        int oh = (h + 2 * pad - k) / stride + 1;
        int ow = (wd + 2 * pad - k) / stride + 1;
        float[][][] y = new float[out][oh][ow];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double sum = b[o];
                    for (int c = 0; c < in; c++) {
                        for (int u = 0; u < k; u++) {
                            for (int v = 0; v < k; v++) {
                                int yi = reflect(i * stride + u - pad, h);
                                int xj = reflect(j * stride + v - pad, wd);
                                sum += w[((o * in + c) * k + u) * k + v] * x[c][yi][xj];
                            }
                        }
                    }
                    y[o][i][j] = (float) sum;
                }
            }
        }
        return y;
    }

    /** The pixel a position beyond the edge mirrors (the edge itself not repeated). */
    private static int reflect(int at, int size) {
        if (at < 0) {
            return -at;
        }
        return at < size ? at : 2 * (size - 1) - at;
    }

    private float[][][] norm(float[][][] x, String name) {
        float[] gamma = p.get(name + ".gamma");
        float[] beta = p.get(name + ".beta");
        for (int c = 0; c < x.length; c++) {
            double mean = 0;
            int n = x[c].length * x[c][0].length;
            for (float[] row : x[c]) {
                for (float v : row) {
                    mean += v;
                }
            }
            mean /= n;
            double var = 0;
            for (float[] row : x[c]) {
                for (float v : row) {
                    var += (v - mean) * (v - mean);
                }
            }
            var /= n;
            double scale = gamma[c] / Math.sqrt(var + GeneratorSpec.EPSILON);
            for (float[] row : x[c]) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = (float) ((row[j] - mean) * scale + beta[c]);
                }
            }
        }
        return x;
    }

    private static float[][][] relu(float[][][] x) {
        for (float[][] plane : x) {
            for (float[] row : plane) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = Math.max(0, row[j]);
                }
            }
        }
        return x;
    }

    private static float[][][] add(float[][][] a, float[][][] b) {
        for (int c = 0; c < a.length; c++) {
            for (int i = 0; i < a[c].length; i++) {
                for (int j = 0; j < a[c][i].length; j++) {
                    a[c][i][j] += b[c][i][j];
                }
            }
        }
        return a;
    }

    private static float[][][] upsample(float[][][] x) {
        float[][][] y = new float[x.length][x[0].length * 2][x[0][0].length * 2];
        for (int c = 0; c < x.length; c++) {
            for (int i = 0; i < y[c].length; i++) {
                for (int j = 0; j < y[c][i].length; j++) {
                    y[c][i][j] = x[c][i / 2][j / 2];
                }
            }
        }
        return y;
    }
}
