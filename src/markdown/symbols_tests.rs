//! Tests of the symbol-linking adapter (kept apart: the adapter reads better alone).

use std::fmt::Write;

use proptest::prelude::*;
use pulldown_cmark::utils::TextMergeWithOffset;
use pulldown_cmark::{Options, Parser};

use super::*;

/// Renders `src` through the adapter; the HTML, then one line per citation.
fn render_with(src: &str, decision_url: Option<&str>) -> String {
    let recogniser = Recogniser::new(&[]);
    let links = SymbolLinks {
        recogniser: &recogniser,
        undocs_segment: "zh",
        decision_url,
        lang: "zh",
        context: Context::default(),
        near: RefCell::default(),
    };
    let cited = RefCell::new(Vec::new());
    let events = TextMergeWithOffset::new(Parser::new_ext(src, Options::all()).into_offset_iter());
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, link(events, &links, &cited).map(|(e, _)| e));
    for c in cited.borrow().iter() {
        let at: String = src.get(c.offset..).unwrap_or("?").chars().take(8).collect();
        let _ = writeln!(out, "cites {} ({:?}) at {}: {at:?}", c.symbol, c.kind, c.offset);
    }
    out
}

fn render(src: &str) -> String {
    render_with(src, None)
}

/// The page as pulldown-cmark renders it without the adapter.
fn plain_render(src: &str) -> String {
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, Parser::new_ext(src, Options::all()));
    out
}

#[test]
fn symbols_in_chinese_text() {
    insta::assert_snapshot!(render("大会第 75/240 号决议决定，见 A/77/275。"), @r##"
    <p>大会第 <a class="undocs" data-symbol="A/RES/75/240" href="https://undocs.org/zh/A/RES/75/240">75/240</a> 号决议决定，见 <a class="undocs" data-symbol="A/77/275" href="https://undocs.org/zh/A/77/275">A/77/275</a>。</p>
    cites A/RES/75/240 (Resolution) at 10: "75/240 号"
    cites A/77/275 (Document) at 39: "A/77/275"
    "##);
}

#[test]
fn symbols_in_english_text() {
    insta::assert_snapshot!(render("General Assembly resolutions 70/237 and 76/19; see A/76/187."), @r##"
    <p>General Assembly resolutions <a class="undocs" data-symbol="A/RES/70/237" href="https://undocs.org/zh/A/RES/70/237">70/237</a> and <a class="undocs" data-symbol="A/RES/76/19" href="https://undocs.org/zh/A/RES/76/19">76/19</a>; see <a class="undocs" data-symbol="A/76/187" href="https://undocs.org/zh/A/76/187">A/76/187</a>.</p>
    cites A/RES/70/237 (Resolution) at 29: "70/237 a"
    cites A/RES/76/19 (Resolution) at 40: "76/19; s"
    cites A/76/187 (Document) at 51: "A/76/187"
    "##);
}

#[test]
fn symbols_in_headings() {
    insta::assert_snapshot!(render("## 报告 A/77/275 {#r}"), @r##"
    <h2 id="r">报告 <a class="undocs" data-symbol="A/77/275" href="https://undocs.org/zh/A/77/275">A/77/275</a></h2>
    cites A/77/275 (Document) at 10: "A/77/275"
    "##);
}

#[test]
fn symbols_in_tables() {
    insta::assert_snapshot!(render("| 文件 | 决议 |\n|---|---|\n| A/77/275 | 第 75/240 号决议 |"), @r##"
    <table><thead><tr><th>文件</th><th>决议</th></tr></thead><tbody>
    <tr><td><a class="undocs" data-symbol="A/77/275" href="https://undocs.org/zh/A/77/275">A/77/275</a></td><td>第 <a class="undocs" data-symbol="A/RES/75/240" href="https://undocs.org/zh/A/RES/75/240">75/240</a> 号决议</td></tr>
    </tbody></table>
    cites A/77/275 (Document) at 32: "A/77/275"
    cites A/RES/75/240 (Resolution) at 47: "75/240 号"
    "##);
}

#[test]
fn symbols_in_footnote_definitions() {
    insta::assert_snapshot!(render("报告。[^1]\n\n[^1]: 大会第 70/237 号和第 76/19 号决议。"), @r##"
    <p>报告。<sup class="footnote-reference"><a href="#1">1</a></sup></p>
    <div class="footnote-definition" id="1"><sup class="footnote-definition-label">1</sup>
    <p>大会第 <a class="undocs" data-symbol="A/RES/70/237" href="https://undocs.org/zh/A/RES/70/237">70/237</a> 号和第 <a class="undocs" data-symbol="A/RES/76/19" href="https://undocs.org/zh/A/RES/76/19">76/19</a> 号决议。</p>
    </div>
    cites A/RES/70/237 (Resolution) at 31: "70/237 号"
    cites A/RES/76/19 (Resolution) at 48: "76/19 号决"
    "##);
}

#[test]
fn symbols_in_quotes_and_list_items() {
    insta::assert_snapshot!(render("> 引文 A/77/275\n\n- 项目 A/75/816\n- [ ] 任务 A/76/135"), @r##"
    <blockquote>
    <p>引文 <a class="undocs" data-symbol="A/77/275" href="https://undocs.org/zh/A/77/275">A/77/275</a></p>
    </blockquote>
    <ul>
    <li>项目 <a class="undocs" data-symbol="A/75/816" href="https://undocs.org/zh/A/75/816">A/75/816</a></li>
    <li><input disabled="" type="checkbox"/>
    任务 <a class="undocs" data-symbol="A/76/135" href="https://undocs.org/zh/A/76/135">A/76/135</a></li>
    </ul>
    cites A/77/275 (Document) at 9: "A/77/275"
    cites A/75/816 (Document) at 28: "A/75/816"
    cites A/76/135 (Document) at 50: "A/76/135"
    "##);
}

#[test]
fn nothing_in_code_links_raw_html_or_urls() {
    insta::assert_snapshot!(render("`A/77/275`, [A/77/275](https://example.org), <https://undocs.org/A/77/275>, <a href=\"x\">A/77/275</a>, <code>A/77/275</code>, https://undocs.org/A/77/275 and www.un.org/A/77/275\n\n```\nA/77/275\n```\n\n<div>A/77/275</div>\n"), @r##"
    <p><code>A/77/275</code>, <a href="https://example.org">A/77/275</a>, <a href="https://undocs.org/A/77/275">https://undocs.org/A/77/275</a>, <a href="x">A/77/275</a>, <code>A/77/275</code>, https://undocs.org/A/77/275 and www.un.org/A/77/275</p>
    <pre><code>A/77/275
    </code></pre>
    <div>A/77/275</div>
    "##);
}

#[test]
fn undocs_links() {
    insta::assert_snapshot!(render("[the resolution](undocs:A/RES/75/240) and [*A/77/275* 75/240](undocs:A/77/275)"), @r##"
    <p><a class="undocs" data-symbol="A/RES/75/240" href="https://undocs.org/zh/A/RES/75/240">the resolution</a> and <a class="undocs" data-symbol="A/77/275" href="https://undocs.org/zh/A/77/275"><em>A/77/275</em> 75/240</a></p>
    cites A/RES/75/240 (Resolution) at 0: "[the res"
    cites A/77/275 (Document) at 42: "[*A/77/2"
    "##);
}

#[test]
fn placeholders_in_chinese() {
    insta::assert_snapshot!(render("大会第 [75/240](#) 号决议决定。已作为 [A/77/275](#) 号文件印发。见[这里](#)。"), @r##"
    <p>大会第 <a class="undocs" data-symbol="A/RES/75/240" href="https://undocs.org/zh/A/RES/75/240">75/240</a> 号决议决定。已作为 <a class="undocs" data-symbol="A/77/275" href="https://undocs.org/zh/A/77/275">A/77/275</a> 号文件印发。见<a href="#">这里</a>。</p>
    cites A/RES/75/240 (Resolution) at 11: "75/240]("
    cites A/77/275 (Document) at 51: "A/77/275"
    "##);
}

#[test]
fn placeholders_in_a_chinese_list() {
    insta::assert_snapshot!(render("大会第 [70/237](#) 号和第 [76/19](#) 号决议"), @r##"
    <p>大会第 <a class="undocs" data-symbol="A/RES/70/237" href="https://undocs.org/zh/A/RES/70/237">70/237</a> 号和第 <a class="undocs" data-symbol="A/RES/76/19" href="https://undocs.org/zh/A/RES/76/19">76/19</a> 号决议</p>
    cites A/RES/70/237 (Resolution) at 11: "70/237]("
    cites A/RES/76/19 (Resolution) at 33: "76/19](#"
    "##);
}

#[test]
fn placeholders_in_english() {
    insta::assert_snapshot!(render("in its resolution [75/240](#), decided; and [A/78/265]() and [here](#)."), @r##"
    <p>in its resolution <a class="undocs" data-symbol="A/RES/75/240" href="https://undocs.org/zh/A/RES/75/240">75/240</a>, decided; and <a class="undocs" data-symbol="A/78/265" href="https://undocs.org/zh/A/78/265">A/78/265</a> and <a href="#">here</a>.</p>
    cites A/RES/75/240 (Resolution) at 19: "75/240]("
    cites A/78/265 (Document) at 45: "A/78/265"
    "##);
}

#[test]
fn decisions_without_a_url_are_cited_not_linked() {
    insta::assert_snapshot!(render("根据大会第77/512号和第78/541号决定，以及 decision [77/512](#)"), @r##"
    <p>根据大会第77/512号和第78/541号决定，以及 decision <a href="#">77/512</a></p>
    cites 77/512 (Decision) at 15: "77/512号和"
    cites 78/541 (Decision) at 30: "78/541号决"
    cites 77/512 (Decision) at 65: "77/512]("
    "##);
}

#[test]
fn decisions_with_a_url_template() {
    insta::assert_snapshot!(render_with("根据大会第77/512号和第78/541号决定，以及 decision [77/512](#)", Some("https://example.org/{lang}/decisions?n={number}&x")), @r##"
    <p>根据大会第<a class="decision" data-decision="77/512" href="https://example.org/zh/decisions?n=77/512&amp;x">77/512</a>号和第<a class="decision" data-decision="78/541" href="https://example.org/zh/decisions?n=78/541&amp;x">78/541</a>号决定，以及 decision <a class="decision" data-decision="77/512" href="https://example.org/zh/decisions?n=77/512&amp;x">77/512</a></p>
    cites 77/512 (Decision) at 15: "77/512号和"
    cites 78/541 (Decision) at 30: "78/541号决"
    cites 77/512 (Decision) at 65: "77/512]("
    "##);
}

#[test]
fn symbols_across_a_soft_break() {
    insta::assert_snapshot!(render("载于 A/AC.292/2021/INF/1/\nAdd.1 号文件"), @r##"
    <p>载于 <a class="undocs" data-symbol="A/AC.292/2021/INF/1/Add.1" href="https://undocs.org/zh/A/AC.292/2021/INF/1/Add.1">A/AC.292/2021/INF/1/
    Add.1</a> 号文件</p>
    cites A/AC.292/2021/INF/1/Add.1 (Document) at 7: "A/AC.292"
    "##);
}

#[test]
fn attribute_values_are_escaped() {
    insta::assert_snapshot!(render("[x](<undocs:A/1 \"q\"&>)"), @r##"
    <p><a class="undocs" data-symbol="A/1 &quot;q&quot;&amp;" href="https://undocs.org/zh/A/1%20%22q%22%26">x</a></p>
    cites A/1 "q"& (Document) at 0: "[x](<und"
    "##);
}

#[test]
fn text_with_escapes_keeps_whole_source_ranges() {
    insta::assert_snapshot!(render("A\\/77\\/275 and A&#47;77&#47;275"), @r##"
    <p><a class="undocs" data-symbol="A/77/275" href="https://undocs.org/zh/A/77/275">A/77/275</a> and <a class="undocs" data-symbol="A/77/275" href="https://undocs.org/zh/A/77/275">A/77/275</a></p>
    cites A/77/275 (Document) at 0: "A\\/77\\/2"
    cites A/77/275 (Document) at 0: "A\\/77\\/2"
    "##);
}

#[test]
fn inside_emphasis_but_not_across_it() {
    insta::assert_snapshot!(render("大会第 **75/240** 号决议, A/77/*275*"), @r##"
    <p>大会第 <strong><a class="undocs" data-symbol="A/RES/75/240" href="https://undocs.org/zh/A/RES/75/240">75/240</a></strong> 号决议, A/77/<em>275</em></p>
    cites A/RES/75/240 (Resolution) at 12: "75/240**"
    "##);
}

/// The adapter's output events with their source ranges.
fn spanned(src: &str) -> Vec<(String, Range<usize>)> {
    let recogniser = Recogniser::new(&[]);
    let links = SymbolLinks {
        recogniser: &recogniser,
        undocs_segment: "en",
        decision_url: None,
        lang: "en",
        context: Context::default(),
        near: RefCell::default(),
    };
    let cited = RefCell::new(Vec::new());
    let events = TextMergeWithOffset::new(Parser::new_ext(src, Options::all()).into_offset_iter());
    link(events, &links, &cited).map(|(e, r)| (format!("{e:?}"), r)).collect()
}

#[test]
fn pieces_keep_their_source_ranges() {
    let src = "见 A/77/275。";
    let html =
        r#"InlineHtml(Boxed("<a class=\"undocs\" data-symbol=\"A/77/275\" href=\"https://undocs.org/en/A/77/275\">"))"#;
    let expected = [
        ("Start(Paragraph)".to_string(), 0..15),
        (r#"Text(Borrowed("见 "))"#.to_string(), 0..4),
        (html.to_string(), 4..12),
        (r#"Text(Borrowed("A/77/275"))"#.to_string(), 4..12),
        (r#"InlineHtml(Borrowed("</a>"))"#.to_string(), 4..12),
        (r#"Text(Borrowed("。"))"#.to_string(), 12..15),
        ("End(Paragraph)".to_string(), 0..15),
    ];
    assert_eq!(spanned(src), expected);
    // Text that does not map 1:1 onto its source (an escape) keeps the whole range.
    let escaped = spanned("x\\* A/77/275");
    assert!(escaped.iter().filter(|(e, _)| e.starts_with("Text")).all(|(_, r)| *r == (0..12)), "{escaped:?}");
}

#[test]
fn citation_offsets_point_at_the_symbol_in_the_source() {
    let src =
        "# 报告\n\n1. 见 A/77/275 和大会第 [75/240](#) 号决议\n\n[^1]: resolution 76/19 and [x](undocs:A/76/135)\n";
    let recogniser = Recogniser::new(&[]);
    let links = SymbolLinks {
        recogniser: &recogniser,
        undocs_segment: "zh",
        decision_url: None,
        lang: "zh",
        context: Context::default(),
        near: RefCell::default(),
    };
    let cited = RefCell::new(Vec::new());
    let events = TextMergeWithOffset::new(Parser::new_ext(src, Options::all()).into_offset_iter());
    link(events, &links, &cited).for_each(drop);
    let at: Vec<(String, &str)> =
        cited.into_inner().into_iter().map(|c| (c.symbol, &src[c.offset..c.offset + 3])).collect();
    let expected = [("A/77/275", "A/7"), ("A/RES/75/240", "75/"), ("A/RES/76/19", "76/"), ("A/76/135", "[x]")];
    assert_eq!(at, expected.map(|(s, t)| (s.to_string(), t)));
}

#[test]
fn raw_html_that_opens_and_closes_a_link_in_one_event_does_not_stop_linking() {
    // The headings adapter writes its anchor `<a …>#</a>` as one inline HTML event.
    let events = vec![
        (Event::Start(Tag::Paragraph), 0..20),
        (Event::InlineHtml(r##"<a class="heading-anchor" href="#x">#</a>"##.into()), 0..0),
        (Event::Text("见 A/77/275".into()), 0..12),
        (Event::End(TagEnd::Paragraph), 0..20),
    ];
    let recogniser = Recogniser::new(&[]);
    let links = SymbolLinks {
        recogniser: &recogniser,
        undocs_segment: "zh",
        decision_url: None,
        lang: "zh",
        context: Context::default(),
        near: RefCell::default(),
    };
    let cited = RefCell::new(Vec::new());
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, link(events.into_iter(), &links, &cited).map(|(e, _)| e));
    assert!(html.contains(r#"<a class="undocs" data-symbol="A/77/275""#), "{html}");
}

/// Removes every tag, so that only the visible text is compared.
fn visible(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

proptest! {
    #[test]
    fn visible_text_is_unchanged(text in "[A-Za-z0-9/ .,;()\\-\n第号决议定和、年 RESHCLX#\\[\\]*`<>_]{0,100}") {
        let rendered = render(&text);
        let html = rendered.split("cites ").next().unwrap_or("");
        prop_assert_eq!(visible(html), visible(&plain_render(&text)));
    }

    #[test]
    fn never_panics_on_arbitrary_markdown(text in "\\PC{0,200}") {
        let rendered = render(&text);
        let html = rendered.split("cites ").next().unwrap_or("");
        prop_assert_eq!(visible(html), visible(&plain_render(&text)));
    }

    #[test]
    fn symbols_in_arbitrary_paragraphs_are_linked(before in "[a-z 第号、]{0,20}", after in "[a-z 。，]{0,20}") {
        let text = format!("x{before} A/77/275 {after}");
        let rendered = render(&text);
        prop_assert!(rendered.contains(r#"data-symbol="A/77/275""#), "{}", rendered);
        prop_assert_eq!(visible(rendered.split("cites ").next().unwrap_or("")), visible(&plain_render(&text)));
    }
}
