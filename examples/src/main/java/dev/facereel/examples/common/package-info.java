/**
 * What the command line ({@code dev.facereel.examples.cli}) and the web workspace ({@code dev.facereel.examples.web})
 * share: the job and tuning options ({@link dev.facereel.examples.common.JobOptions}), the providers a data root
 * remembers ({@link dev.facereel.examples.common.RememberedProviders}), exit codes, usage errors and the status JSON,
 * the season table ({@link dev.facereel.examples.common.SeasonTable}) and the CSV, time and HTML formatting of the
 * exports. Neither of the two imports the other; both import this.
 */
package dev.facereel.examples.common;
