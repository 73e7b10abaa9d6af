/**
 * A show's cast: the people named in its episodes, their reference embeddings and the corrections made to the
 * episodes' identities. Read and change it through {@link dev.facereel.core.ShowCast}, which
 * {@link dev.facereel.core.FacePipeline#show(String)} gives; {@link dev.facereel.core.cast.CastStore} is where a
 * job storage keeps it.
 */
package dev.facereel.core.cast;
