/** The web workspace behind {@code facereel serve}: {@link dev.facereel.examples.web.WebServer} is its entry point. */
package dev.facereel.examples.web;
