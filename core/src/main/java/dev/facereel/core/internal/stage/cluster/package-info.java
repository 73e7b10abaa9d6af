/**
 * Internal: the cluster stage. Groups tracks into identities with their screen time, and owns
 * {@code cluster/clusters.json}. Not API.
 */
package dev.facereel.core.internal.stage.cluster;
