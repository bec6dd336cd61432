/** The fer-java API: detector and classifier contracts, the emotion classes and the exception hierarchy. */
package dev.fer;
