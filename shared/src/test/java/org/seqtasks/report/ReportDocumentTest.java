package org.seqtasks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportDocumentTest {
    private static ReportDocument sample() {
        ReportDocument doc = new ReportDocument("Title & more");
        doc.heading(2, "First part");
        doc.paragraph("a < b");
        doc.table(List.of("name", "value"), List.of(List.of("x|y", "1.5 ± 0.2")));
        doc.image("chart.png", "the chart");
        doc.heading(2, "First part");
        doc.rawHtml("<b>bold</b>", "**bold**");
        doc.preformatted("code\n");
        return doc;
    }

    @Test
    void htmlIsEscapedAndListsTheContents() {
        String html = sample().html();
        assertTrue(html.contains("<title>Title &amp; more</title>"));
        assertTrue(html.contains("<p>a &lt; b</p>"));
        assertTrue(
                html.contains("<a href=\"#first-part\">") && html.contains("<a href=\"#first-part-2\">"),
                "unique anchors in the contents");
        assertTrue(html.contains("<td class=\"num\">1.5 ± 0.2</td>"), "numbers right-aligned");
        assertTrue(html.contains("<img src=\"chart.png\""));
        assertTrue(html.contains("<b>bold</b>"), "raw HTML kept as is");
        assertTrue(html.contains("<pre>code\n</pre>"));
    }

    @Test
    void markdownHasTablesImagesAndTheRawHtmlStandIn() {
        String md = sample().markdown();
        assertTrue(md.startsWith("# Title & more\n"));
        assertTrue(md.contains("| name | value |\n| --- | --- |\n| x\\|y | 1.5 ± 0.2 |"), md);
        assertTrue(md.contains("![the chart](chart.png)"));
        assertTrue(md.contains("**bold**") && !md.contains("<b>"));
        assertTrue(md.contains("```\ncode\n```"));
    }

    @Test
    void rejectsRaggedTables() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new ReportDocument("t").table(List.of("a", "b"), List.of(List.of("1"))));
    }

    @Test
    void meanStdOverSeeds() {
        MeanStd m = MeanStd.of(1, 2, 3);
        assertEquals(2, m.mean(), 1e-12);
        assertEquals(1, m.std(), 1e-12);
        assertEquals("2.00 ± 1.00", m.format("%.2f"));
        assertEquals("5.0", MeanStd.of(5).format("%.1f"), "one seed: no spread shown");
        assertEquals("n/a", MeanStd.of().format("%.1f"));
    }
}
