package dev.facereel.examples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The --media folders: what a form may name and the folder browser may list. */
class MediaRootsTest {
    @TempDir
    Path media;
    @TempDir
    Path elsewhere;

    @Test
    void paths_outsideTheRoots_throughDotDotOrASymbolicLink_areRefused() throws Exception {
        Files.createDirectories(media.resolve("s1"));
        Path video = Files.writeString(media.resolve("s1/e1.mp4"), "x");
        Path secret = Files.writeString(elsewhere.resolve("secret.mp4"), "x");
        Files.createSymbolicLink(media.resolve("s1/link.mp4"), secret);
        Files.createSymbolicLink(media.resolve("out"), elsewhere);
        MediaRoots roots = new MediaRoots(List.of(media), true);

        assertThat(roots.requireVideo(video.toString())).isEqualTo(video.toRealPath());
        assertThat(roots.list(media.toString()).path("folders").findValuesAsText("name")).containsExactly("out", "s1");
        assertThat(roots.list(media.resolve("s1").toString()).path("videos").findValuesAsText("name"))
                .containsExactly("e1.mp4", "link.mp4");
        assertThat(roots.videosIn(media.resolve("s1").toString())).contains(video);
        for (String bad : List.of(secret.toString(), media.resolve("s1/link.mp4").toString(),
                media.resolve("out/secret.mp4").toString(), media + "/s1/../../" + elsewhere.getFileName() + "/secret.mp4")) {
            assertThatThrownBy(() -> roots.requireVideo(bad)).as(bad).isInstanceOf(ApiException.class)
                    .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(403));
        }
        assertThatThrownBy(() -> roots.list(media.resolve("out").toString())).isInstanceOf(ApiException.class)
                .hasMessageContaining("outside the media folders");
        assertThatThrownBy(() -> roots.list("s1")).isInstanceOf(ApiException.class).hasMessageContaining("absolute");
        assertThatThrownBy(() -> roots.list("/")).isInstanceOf(ApiException.class);
    }

    @Test
    void noRoots_onLoopback_acceptAnyVideoPathButBrowseNothing() throws Exception {
        Path video = Files.writeString(elsewhere.resolve("e1.mp4"), "x");
        MediaRoots roots = new MediaRoots(List.of(), true);

        assertThat(roots.requireVideo(video.toString())).isEqualTo(video.toRealPath());
        assertThat(roots.list(null).path("folders")).isEmpty();
        assertThatThrownBy(() -> roots.list(elsewhere.toString())).hasMessageContaining("without --media");
        assertThatThrownBy(() -> new MediaRoots(List.of(), false).requireVideo(video.toString()))
                .hasMessageContaining("outside the media folders");
    }

    @Test
    void imageExtension_comesFromTheFirstBytes() {
        assertThat(Shows.imageExtension(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0})).isEqualTo(".jpg");
        assertThat(Shows.imageExtension(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0})).isEqualTo(".png");
        assertThat(Shows.imageExtension("GIF89a....".getBytes())).isNull();
        assertThat(Shows.imageExtension("<svg onload=alert(1)>".getBytes())).isNull();
    }
}
