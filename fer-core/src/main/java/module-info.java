/**
 * fer-java core API: images, geometry, results, preprocessing, model resolution and the detector / classifier
 * contracts. Depends on slf4j-api only.
 */
module dev.fer.core {
    requires transitive java.desktop;
    requires java.net.http;
    requires org.slf4j;

    exports dev.fer;
    exports dev.fer.image;
    exports dev.fer.geometry;
    exports dev.fer.result;
    exports dev.fer.preprocess;
    exports dev.fer.model;
    exports dev.fer.spi;
    exports dev.fer.eval;
    exports dev.fer.track;
    exports dev.fer.video;
    exports dev.fer.draw;
    uses dev.fer.spi.ModelBackend;

    exports dev.fer.internal to dev.fer.detect, dev.fer.onnx;
}
