/**
 * Ways to use FaceReel: the {@code facereel} command line ({@code cli}) and the web workspace ({@code web}), which
 * share {@code common}; {@link dev.facereel.examples.Main} is the jar's entry point.
 */
package dev.facereel.examples;
