/** Face-detection math without a runtime: SSD priors, YOLO and YuNet decoding, NMS and coordinate mapping. */
module dev.fer.detect {
    requires transitive dev.fer.core;

    exports dev.fer.detect;
}
