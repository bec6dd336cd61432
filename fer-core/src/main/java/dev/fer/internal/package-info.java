/** Not API. Exported only to fer-java modules. */
package dev.fer.internal;
