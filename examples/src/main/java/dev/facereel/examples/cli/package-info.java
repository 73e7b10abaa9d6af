/** The {@code facereel} command line: {@link dev.facereel.examples.cli.FaceReelCli} is its entry point. */
package dev.facereel.examples.cli;
