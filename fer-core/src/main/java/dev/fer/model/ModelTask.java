package dev.fer.model;

/**
 * What a catalogued model does, so callers can list the models that fit a slot (a detector or a classifier).
 * Immutable and thread-safe.
 */
public enum ModelTask {
    /** Finds faces in an image and returns boxes (and, for some models, five landmarks). */
    FACE_DETECTOR,
    /** Scores the emotions shown by one face crop. */
    EMOTION_CLASSIFIER
}
