package org.seqtasks.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A report written once and rendered twice: as a self-contained HTML page (no scripts, no network: it
 * opens offline, its PNGs beside it) and as Markdown. Level-2 headings become the page's contents list.
 * Raw HTML blocks (coloured text) carry their own Markdown stand-in, because Markdown cannot colour.
 */
public final class ReportDocument {
    private sealed interface Block permits Heading, Paragraph, Table, Image, Preformatted, RawHtml {}

    private record Heading(int level, String text, String anchor) implements Block {}

    private record Paragraph(String text) implements Block {}

    private record Table(List<String> headers, List<List<String>> rows) implements Block {}

    private record Image(String file, String caption) implements Block {}

    private record Preformatted(String text) implements Block {}

    private record RawHtml(String html, String markdown) implements Block {}

    private final String title;
    private final List<Block> blocks = new ArrayList<>();

    public ReportDocument(String title) {
        this.title = title;
    }

    /** A heading; level 2 headings are listed in the contents. Returns its anchor. */
    public String heading(int level, String text) {
        if (level < 1 || level > 4) {
            throw new IllegalArgumentException("heading level must be 1-4, got " + level);
        }
        String anchor = anchorOf(text);
        blocks.add(new Heading(level, text, anchor));
        return anchor;
    }

    public ReportDocument paragraph(String text) {
        blocks.add(new Paragraph(text));
        return this;
    }

    public ReportDocument table(List<String> headers, List<List<String>> rows) {
        for (List<String> row : rows) {
            if (row.size() != headers.size()) {
                throw new IllegalArgumentException(
                        "row of " + row.size() + " cells under " + headers.size() + " headers: " + row);
            }
        }
        blocks.add(
                new Table(List.copyOf(headers), rows.stream().map(List::copyOf).toList()));
        return this;
    }

    /** An image by its path relative to the report's folder. */
    public ReportDocument image(String relativeFile, String caption) {
        blocks.add(new Image(relativeFile, caption));
        return this;
    }

    public ReportDocument preformatted(String text) {
        blocks.add(new Preformatted(text));
        return this;
    }

    /** HTML placed as is in the page (the caller escapes its text), and {@code markdown} in its stead in report.md. */
    public ReportDocument rawHtml(String html, String markdown) {
        blocks.add(new RawHtml(html, markdown));
        return this;
    }

    public String html() {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title))
                .append("</title>\n<style>\n")
                .append(
                        "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;line-height:1.5;color:#222}\n")
                .append(
                        "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}\n")
                .append("th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}\n")
                .append("pre{background:#f7f7f7;padding:.8em;overflow-x:auto;white-space:pre-wrap}\n")
                .append("figure{margin:1em 0}figcaption{color:#555;font-size:.9em}img{max-width:100%}\n")
                .append("nav{background:#fafafa;border:1px solid #eee;padding:.5em 1em}\n")
                .append("</style>\n</head>\n<body>\n<h1>")
                .append(escape(title))
                .append("</h1>\n");
        List<Heading> contents = blocks.stream()
                .filter(x -> x instanceof Heading h && h.level() == 2)
                .map(x -> (Heading) x)
                .toList();
        if (!contents.isEmpty()) {
            b.append("<nav><strong>Contents</strong><ul>\n");
            for (Heading h : contents) {
                b.append("<li><a href=\"#")
                        .append(h.anchor())
                        .append("\">")
                        .append(escape(h.text()))
                        .append("</a></li>\n");
            }
            b.append("</ul></nav>\n");
        }
        for (Block block : blocks) {
            if (block instanceof Heading h) {
                b.append("<h")
                        .append(h.level())
                        .append(" id=\"")
                        .append(h.anchor())
                        .append("\">")
                        .append(escape(h.text()))
                        .append("</h")
                        .append(h.level())
                        .append(">\n");
            } else if (block instanceof Paragraph p) {
                b.append("<p>").append(escape(p.text())).append("</p>\n");
            } else if (block instanceof Table t) {
                b.append("<table>\n<tr>");
                t.headers().forEach(h -> b.append("<th>").append(escape(h)).append("</th>"));
                b.append("</tr>\n");
                for (List<String> row : t.rows()) {
                    b.append("<tr>");
                    for (String cell : row) {
                        b.append(isNumeric(cell) ? "<td class=\"num\">" : "<td>")
                                .append(escape(cell))
                                .append("</td>");
                    }
                    b.append("</tr>\n");
                }
                b.append("</table>\n");
            } else if (block instanceof Image i) {
                b.append("<figure><img src=\"")
                        .append(escape(i.file()))
                        .append("\" alt=\"")
                        .append(escape(i.caption()))
                        .append("\"><figcaption>")
                        .append(escape(i.caption()))
                        .append("</figcaption></figure>\n");
            } else if (block instanceof Preformatted p) {
                b.append("<pre>").append(escape(p.text())).append("</pre>\n");
            } else if (block instanceof RawHtml r) {
                b.append(r.html()).append('\n');
            }
        }
        return b.append("</body>\n</html>\n").toString();
    }

    public String markdown() {
        StringBuilder b = new StringBuilder("# ").append(title).append("\n\n");
        for (Block block : blocks) {
            if (block instanceof Heading h) {
                b.append("#".repeat(h.level())).append(' ').append(h.text()).append("\n\n");
            } else if (block instanceof Paragraph p) {
                b.append(p.text()).append("\n\n");
            } else if (block instanceof Table t) {
                b.append('|');
                t.headers().forEach(h -> b.append(' ').append(markdownCell(h)).append(" |"));
                b.append("\n|");
                t.headers().forEach(h -> b.append(" --- |"));
                b.append('\n');
                for (List<String> row : t.rows()) {
                    b.append('|');
                    row.forEach(c -> b.append(' ').append(markdownCell(c)).append(" |"));
                    b.append('\n');
                }
                b.append('\n');
            } else if (block instanceof Image i) {
                b.append("![").append(i.caption()).append("](").append(i.file()).append(")\n\n");
            } else if (block instanceof Preformatted p) {
                b.append("```\n")
                        .append(p.text().replace("```", "` ` `"))
                        .append(p.text().endsWith("\n") ? "" : "\n")
                        .append("```\n\n");
            } else if (block instanceof RawHtml r) {
                b.append(r.markdown()).append("\n\n");
            }
        }
        return b.toString();
    }

    public void writeHtml(Path file) {
        write(file, html());
    }

    public void writeMarkdown(Path file) {
        write(file, markdown());
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String markdownCell(String s) {
        return s.replace("|", "\\|").replace("\n", "<br>");
    }

    private static boolean isNumeric(String cell) {
        return cell.matches("[-+]?[0-9][0-9,.]*( ± [0-9][0-9,.]*)?( ?%)?");
    }

    private String anchorOf(String text) {
        String base =
                text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        String anchor = base.isEmpty() ? "section" : base;
        int n = 2;
        while (true) {
            String candidate = anchor;
            if (blocks.stream()
                    .noneMatch(x -> x instanceof Heading h && h.anchor().equals(candidate))) {
                return candidate;
            }
            anchor = base + "-" + n++;
        }
    }
}
