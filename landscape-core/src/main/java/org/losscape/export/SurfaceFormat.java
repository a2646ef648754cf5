package org.losscape.export;

import java.util.Arrays;
import java.util.Locale;

/** The file formats a surface downloads as, with their file extension and media type. */
public enum SurfaceFormat {
    /** HDF5 in the reference code's layout, for h5py and the reference's plotting scripts. */
    HDF5("h5", "application/x-hdf5"),
    /** VTK XML PolyData, for ParaView. */
    VTP("vtp", "application/xml"),
    /** One row per grid point. */
    CSV("csv", "text/csv"),
    /** The HDF5 layout as a JSON object. */
    JSON("json", "application/json");

    private final String extension;
    private final String mediaType;

    SurfaceFormat(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    /** File extension without the dot. */
    public String extension() {
        return extension;
    }

    public String mediaType() {
        return mediaType;
    }

    /**
     * The format named by {@code name}: an enum name or an extension, any case ({@code hdf5},
     * {@code h5}, {@code vtp}, {@code csv}, {@code json}).
     */
    public static SurfaceFormat parse(String name) {
        String text = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (SurfaceFormat format : values()) {
            String enumName = format.name().toLowerCase(Locale.ROOT);
            if (format.extension.equals(text) || enumName.equals(text)) {
                return format;
            }
        }
        throw new IllegalArgumentException("format (" + name + ") must be one of "
                + Arrays.toString(values()).toLowerCase(Locale.ROOT) + " or h5");
    }
}
