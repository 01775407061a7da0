package io.flowplane.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MarkedSectionTest {
    private final MarkedSection section = MarkedSection.named("soak-figures");

    @Test
    void replacesWhatIsBetweenTheMarkersAndKeepsTheRest() {
        String page = "# Title\n\n<!-- soak-figures:begin -->\nold figures\n<!-- soak-figures:end -->\n\n## Next\n";

        assertThat(section.replace(page, "new figures"))
                .isEqualTo("# Title\n\n<!-- soak-figures:begin -->\nnew figures\n<!-- soak-figures:end -->\n\n## Next\n");
    }

    @Test
    void aSecondRunReplacesTheFirstRunsFigures() {
        String page = "<!-- soak-figures:begin -->\n<!-- soak-figures:end -->\n";

        String twice = section.replace(section.replace(page, "first\n"), "second\n");

        assertThat(twice).isEqualTo("<!-- soak-figures:begin -->\nsecond\n<!-- soak-figures:end -->\n");
    }

    @Test
    void aPageWithoutTheMarkersIsRefusedNamingThem() {
        assertThatThrownBy(() -> section.replace("# no markers\n", "figures"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("<!-- soak-figures:begin -->");
    }
}
