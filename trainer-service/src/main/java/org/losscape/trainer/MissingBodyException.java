package org.losscape.trainer;

/**
 * {@code POST /runs} came without a body, or with JSON {@code null}: answered with 400. Such a
 * request is more likely a mistake than a wish for the defaults, which train for a day or
 * more; {@code {}} asks for them explicitly.
 */
final class MissingBodyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    MissingBodyException(TrainerConfig.Defaults defaults) {
        super("a request body is required: a JSON object of the run's settings. model, epochs,"
                + " trainSize and batchSize decide how long it trains, e.g. {\"epochs\": 10,"
                + " \"trainSize\": 5000, \"batchSize\": 128}; {} takes every default: "
                + defaults.model() + ", " + defaults.epochs() + " epochs on "
                + defaults.trainSize().map(size -> size + " images").orElse("the whole split")
                + ", batch " + defaults.batchSize());
    }
}
