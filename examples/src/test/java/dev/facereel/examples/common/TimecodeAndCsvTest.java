package dev.facereel.examples.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TimecodeAndCsvTest {
    @Test
    void timecode_roundsToTheMillisecond_andCarriesIntoHours() {
        assertThat(Timecode.of(0)).isEqualTo("00:00:00.000");
        assertThat(Timecode.of(4.0004)).isEqualTo("00:00:04.000");
        assertThat(Timecode.of(61.5)).isEqualTo("00:01:01.500");
        assertThat(Timecode.of(3 * 3600 + 59.9996)).isEqualTo("03:01:00.000");
    }

    @Test
    void csv_quotesFieldsWithCommasQuotesOrLineBreaks_only() {
        assertThat(Csv.line(List.of("Smith, Jane", "Dwayne \"The Rock\" Johnson", "plain", "a\nb")))
                .isEqualTo("\"Smith, Jane\",\"Dwayne \"\"The Rock\"\" Johnson\",plain,\"a\nb\"");
        assertThat(Csv.field(null)).isEmpty();
    }

    @Test
    void html_escapesMarkupAndQuotes() {
        assertThat(Html.esc("<b>\"Tom\" & 'Jerry'</b>"))
                .isEqualTo("&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;");
    }
}
