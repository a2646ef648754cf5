package org.losscape.export;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

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
     * The format named by {@code name}: an extension or an enum name, any case, spaces around
     * ignored ({@code h5} or {@code hdf5}, {@code vtp}, {@code csv}, {@code json}).
     *
     * @throws IllegalArgumentException for null or any other name, with the one message that
     *     names the field {@code format}, the value and the accepted values
     */
    public static SurfaceFormat parse(String name) {
        String text = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (SurfaceFormat format : values()) {
            String enumName = format.name().toLowerCase(Locale.ROOT);
            if (format.extension.equals(text) || enumName.equals(text)) {
                return format;
            }
        }
        String value = name == null || name.isBlank() ? "none given" : name;
        throw new IllegalArgumentException("format (" + value + ") must be one of " + accepted());
    }

    /** The accepted names as a message lists them: {@code h5 (or hdf5), vtp, csv, json}. */
    private static String accepted() {
        return Arrays.stream(values())
                .map(format -> {
                    String enumName = format.name().toLowerCase(Locale.ROOT);
                    return enumName.equals(format.extension)
                            ? format.extension
                            : format.extension + " (or " + enumName + ")";
                })
                .collect(Collectors.joining(", "));
    }
}
