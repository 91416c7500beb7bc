package org.privet.core.data.io;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.privet.core.data.DataFormatException;
import org.privet.core.data.Dataset;
import org.privet.core.data.Schema;
import org.privet.core.progress.Progress;
import org.privet.core.tensor.Tensor;

/**
 * Loads an image classification folder {@code root/CLASS/*.{pgm,png,jpg,jpeg}}: one sub-folder
 * per class, class names = folder names in natural sort order (label = position; digit runs compare
 * as numbers, so {@code s2} comes before {@code s10}), files within a class in the same order
 * ({@code 2.pgm} before {@code 10.pgm}). Other files and hidden entries are
 * skipped.
 *
 * <p>PGM ({@code P5}/{@code P2}, 8/16-bit) is parsed by {@link Pgm}; PNG and JPEG by
 * {@link ImageIO}. Features are {@code [n, c, h, w]} in [0, 1] with {@code c = 1} (grey: ITU-R
 * BT.601 luma {@code 0.299 R + 0.587 G + 0.114 B} of colour images) or {@code c = 3} (RGB; grey
 * images replicated). All images must have the same size unless a target size is given, in which
 * case each is resized by bilinear interpolation (pixel centres aligned, edges clamped). Errors
 * name the file. Stateless and thread safe.
 */
public final class ImageFolderLoader {
    private ImageFolderLoader() {
    }

    /** A builder of loader options. */
    public static Options.Builder options() {
        return new Options.Builder();
    }

    /** Loads {@code root} as grey images of one common size. */
    public static Dataset load(Path root) {
        return load(root, options().build(), Progress.NONE);
    }

    /** Loads {@code root} with {@code options}, reporting one unit of progress per image. */
    public static Dataset load(Path root, Options o, Progress progress) {
        if (!Files.isDirectory(root)) {
            throw new DataFormatException(root, "is not a folder of class folders");
        }
        List<Path> classDirs = list(root, Files::isDirectory);
        if (classDirs.isEmpty()) {
            throw new DataFormatException(root, "has no class folders (expected root/CLASS/image files)");
        }
        List<String> classes = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> fileClass = new ArrayList<>();
        for (Path dir : classDirs) {
            List<Path> imgs = list(dir, p -> Files.isRegularFile(p) && isImage(p));
            if (imgs.isEmpty()) {
                throw new DataFormatException(dir, "class folder has no .pgm, .png, .jpg or .jpeg files");
            }
            int c = classes.size();
            classes.add(dir.getFileName().toString());
            for (Path p : imgs) {
                files.add(p);
                fileClass.add(c);
            }
        }
        int n = files.size();
        int ch = o.channels;
        int h = o.height;
        int w = o.width;
        float[] x = null;
        int[] y = new int[n];
        Path first = null;
        progress.start("load images " + root.getFileName(), n);
        for (int i = 0; i < n; i++) {
            Path f = files.get(i);
            float[][] img = readImage(f, ch); // [c][h*w], with its size in the last two slots
            int ih = (int) img[ch][0];
            int iw = (int) img[ch][1];
            if (x == null) {
                if (o.height == 0) {
                    h = ih;
                    w = iw;
                }
                first = f;
                x = new float[Math.multiplyExact(Math.multiplyExact(n, ch), h * w)];
            }
            if (ih != h || iw != w) {
                if (o.height == 0) {
                    throw new DataFormatException(f, "image is " + iw + "x" + ih + " but the first image (" + first
                            + ") is " + w + "x" + h + "; all images must have one size, or give a target size to resize");
                }
                for (int c = 0; c < ch; c++) {
                    img[c] = resizeBilinear(img[c], ih, iw, h, w);
                }
            }
            for (int c = 0; c < ch; c++) {
                System.arraycopy(img[c], 0, x, (i * ch + c) * h * w, h * w);
            }
            y[i] = fileClass.get(i);
            progress.update(i + 1, "");
        }
        progress.finish();
        String name = o.name != null ? o.name : root.getFileName() == null ? "images" : root.getFileName().toString();
        return new Dataset(name, Tensor.wrap(x, n, ch, h, w), y, Schema.image(ch, h, w, classes));
    }

    /**
     * Loads the class folders under {@code folder} inside the zip archive {@code zip} (for example
     * {@code train} of a CIFAR-10 archive laid out as {@code train/CLASS/NNNN.jpg}), without
     * unpacking it. The data set is named after the folder unless the options name it.
     */
    public static Dataset loadZip(Path zip, String folder, Options o, Progress progress) {
        if (!Files.isRegularFile(zip)) {
            throw new DataFormatException(zip, "zip archive does not exist");
        }
        try (java.nio.file.FileSystem fs = java.nio.file.FileSystems.newFileSystem(zip)) {
            Path root = fs.getPath("/", folder);
            if (!Files.isDirectory(root)) {
                throw new DataFormatException(zip, "archive has no folder '" + folder + "'");
            }
            return load(root, o, progress);
        } catch (java.nio.file.ProviderNotFoundException | java.util.zip.ZipException e) {
            throw new DataFormatException(zip, "not a zip archive: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + zip + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> list(Path dir, java.util.function.Predicate<Path> keep) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).filter(keep)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString(), ImageFolderLoader::naturalCompare))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".pgm") || n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
    }

    /** Reads one image as {@code channels} planes plus a last entry {height, width}. */
    static float[][] readImage(Path f, int channels) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        float[][] out = new float[channels + 1][];
        if (n.endsWith(".pgm")) {
            Pgm.Image g = Pgm.read(f);
            for (int c = 0; c < channels; c++) {
                out[c] = c == 0 ? g.pixels() : g.pixels().clone();
            }
            out[channels] = new float[] {g.height(), g.width()};
            return out;
        }
        BufferedImage img;
        try (InputStream in = Files.newInputStream(f)) {
            img = ImageIO.read(in);
        } catch (IOException e) {
            throw new DataFormatException(f, "cannot decode image: " + e.getMessage(), e);
        }
        if (img == null) {
            throw new DataFormatException(f, "not a readable PNG or JPEG image");
        }
        int h = img.getHeight();
        int w = img.getWidth();
        Raster r = img.getRaster();
        boolean grey = r.getNumBands() == 1 && !(img.getColorModel() instanceof IndexColorModel);
        if (grey) {
            int bits = r.getSampleModel().getSampleSize(0);
            float maxv = (float) ((1L << bits) - 1);
            float[] g = new float[h * w];
            for (int yy = 0; yy < h; yy++) {
                for (int xx = 0; xx < w; xx++) {
                    g[yy * w + xx] = r.getSample(xx, yy, 0) / maxv;
                }
            }
            for (int c = 0; c < channels; c++) {
                out[c] = c == 0 ? g : g.clone();
            }
        } else {
            int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
            for (int c = 0; c < channels; c++) {
                out[c] = new float[h * w];
            }
            for (int i = 0; i < argb.length; i++) {
                float red = ((argb[i] >> 16) & 0xff) / 255f;
                float green = ((argb[i] >> 8) & 0xff) / 255f;
                float blue = (argb[i] & 0xff) / 255f;
                if (channels == 1) {
                    out[0][i] = Math.min(1f, 0.299f * red + 0.587f * green + 0.114f * blue);
                } else {
                    out[0][i] = red;
                    out[1][i] = green;
                    out[2][i] = blue;
                }
            }
        }
        out[channels] = new float[] {h, w};
        return out;
    }

    /**
     * Bilinear resize of one {@code ih x iw} plane to {@code oh x ow}: output pixel centre
     * {@code (y + 0.5) * ih / oh - 0.5} in source coordinates, clamped to the image.
     */
    public static float[] resizeBilinear(float[] src, int ih, int iw, int oh, int ow) {
        if (src.length != ih * iw || ih < 1 || iw < 1 || oh < 1 || ow < 1) {
            throw new IllegalArgumentException("resizeBilinear: plane of " + src.length + " values is not " + ih + "x" + iw
                    + ", or a size is not positive (target " + oh + "x" + ow + ")");
        }
        float[] dst = new float[oh * ow];
        int[] x0 = new int[ow];
        int[] x1 = new int[ow];
        float[] fx = new float[ow];
        for (int x = 0; x < ow; x++) {
            double sx = Math.min(iw - 1, Math.max(0, (x + 0.5) * iw / ow - 0.5));
            x0[x] = (int) sx;
            x1[x] = Math.min(iw - 1, x0[x] + 1);
            fx[x] = (float) (sx - x0[x]);
        }
        for (int y = 0; y < oh; y++) {
            double sy = Math.min(ih - 1, Math.max(0, (y + 0.5) * ih / oh - 0.5));
            int y0 = (int) sy;
            int y1 = Math.min(ih - 1, y0 + 1);
            float fy = (float) (sy - y0);
            int r0 = y0 * iw;
            int r1 = y1 * iw;
            for (int x = 0; x < ow; x++) {
                float top = src[r0 + x0[x]] + (src[r0 + x1[x]] - src[r0 + x0[x]]) * fx[x];
                float bot = src[r1 + x0[x]] + (src[r1 + x1[x]] - src[r1 + x0[x]]) * fx[x];
                dst[y * ow + x] = top + (bot - top) * fy;
            }
        }
        return dst;
    }

    /** Compares strings with digit runs compared as numbers ("s2" before "s10"), then plainly. */
    static int naturalCompare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                String da = a.substring(si, i).replaceFirst("^0+(?=.)", "");
                String db = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                int cmp = da.length() != db.length() ? Integer.compare(da.length(), db.length()) : da.compareTo(db);
                if (cmp != 0) {
                    return cmp;
                }
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        int rest = Integer.compare(a.length() - i, b.length() - j);
        return rest != 0 ? rest : a.compareTo(b);
    }

    /** Immutable image loader options. */
    public static final class Options {
        final int channels;
        final int height;
        final int width;
        final String name;

        private Options(Builder b) {
            this.channels = b.channels;
            this.height = b.height;
            this.width = b.width;
            this.name = b.name;
        }

        /** Mutable builder; not thread safe. */
        public static final class Builder {
            private int channels = 1;
            private int height;
            private int width;
            private String name;

            private Builder() {
            }

            /** Grey (1 channel, the default) or RGB (3 channels). */
            public Builder rgb(boolean on) {
                this.channels = on ? 3 : 1;
                return this;
            }

            /** Resize every image to {@code height x width} (bilinear). Default: no resizing. */
            public Builder targetSize(int height, int width) {
                if (height < 1 || width < 1) {
                    throw new IllegalArgumentException("target size must be positive. Provided value: " + height + "x"
                            + width);
                }
                this.height = height;
                this.width = width;
                return this;
            }

            /** Data set name (default: the root folder's name). */
            public Builder name(String n) {
                this.name = n;
                return this;
            }

            public Options build() {
                return new Options(this);
            }
        }
    }
}
