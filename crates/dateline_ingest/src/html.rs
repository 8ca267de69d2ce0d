//! HTML pages: main text (trafilatura, dom_smoothie as fallback) and the metadata
//! in the head (title, canonical URL, site name, author, publication date).

use crate::published::parse_published;
use jiff::civil::Date;
use regex::Regex;
use std::sync::LazyLock;
use trafilatura::dom::{Document, NodeId};

/// Below this many bytes of main text, dom_smoothie gets a try too.
const FALLBACK_BELOW: usize = 250;

/// `"datePublished": "..."` anywhere in JSON-LD (also nested in `@graph`).
static JSON_LD_DATE: LazyLock<Regex> = LazyLock::new(|| crate::regex(r#""datePublished"\s*:\s*"([^"]{4,40})""#));

/// Trafilatura's options: the date is ours (it drops dates before 1995), comments are not text.
static OPTIONS: LazyLock<trafilatura::Options> = LazyLock::new(|| {
    let mut opts = trafilatura::Options::default();
    opts.html_date_mode = trafilatura::HtmlDateMode::Disabled;
    opts.exclude_comments = true;
    opts.enable_fallback = false;
    opts
});

/// Publication-date `<meta>` names and properties, best first.
const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "article.published",
    "dc.date",
    "dc.date.issued",
    "dc.date.created",
    "dcterms.date",
    "dcterms.issued",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "original-publish-date",
    "cxenseparse:recs:publishtime",
];

/// A cleaned page.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Page {
    /// Main text, paragraphs separated by blank lines.
    pub(crate) text: String,
    pub(crate) title: Option<String>,
    pub(crate) canonical_url: Option<String>,
    pub(crate) site_name: Option<String>,
    pub(crate) author: Option<String>,
    pub(crate) published: Option<(Date, Option<String>)>,
}

/// Cleans `html`; `url` is where it came from, for resolving links.
pub(crate) fn clean(html: &str, url: Option<&str>) -> Page {
    let doc = Document::parse(html);
    let mut page = head_metadata(&doc);
    let opts = match url.and_then(|u| url::Url::parse(u).ok()) {
        Some(u) => OPTIONS.clone().with_url(u),
        None => OPTIONS.clone(),
    };
    if let Ok(result) = trafilatura::extract_document(doc, &opts) {
        page.text = markup_text(&result.content_html);
        let meta = result.metadata;
        let non_empty = |s: String| (!s.trim().is_empty()).then(|| s.trim().to_string());
        page.title = page.title.or_else(|| non_empty(meta.title));
        page.site_name = page.site_name.or_else(|| non_empty(meta.sitename));
        page.author = page.author.or_else(|| non_empty(meta.author));
    }
    if page.text.len() < FALLBACK_BELOW
        && let Some(text) = readability_text(html, url)
        && text.len() > page.text.len()
    {
        page.text = text;
    }
    if page.text.is_empty() {
        page.text = paragraphs(&trafilatura::html2txt(html));
    }
    page
}

/// dom_smoothie's main text, paragraphs separated by blank lines.
fn readability_text(html: &str, url: Option<&str>) -> Option<String> {
    let cfg = dom_smoothie::Config { text_mode: dom_smoothie::TextMode::Formatted, ..Default::default() };
    let url = url.filter(|u| url::Url::parse(u).is_ok());
    let article = dom_smoothie::Readability::new(html, url, Some(cfg)).ok()?.parse().ok()?;
    Some(paragraphs(&article.text_content))
}

/// Tags that end a paragraph (trafilatura's output names included: `head`, `item`, `lb`, `quote`, `row`).
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "li",
    "item",
    "list",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "quote",
    "br",
    "lb",
    "tr",
    "row",
    "table",
    "pre",
    "code",
    "section",
    "article",
    "figcaption",
    "hr",
];
/// Tags that separate words.
const SPACE_TAGS: &[&str] = &["td", "th", "cell", "img", "graphic"];

/// The text of a cleaned HTML fragment, one paragraph per block element.
fn markup_text(html: &str) -> String {
    let mut raw = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        push_unescaped(&mut raw, rest.get(..open).unwrap_or_default());
        let after = rest.get(open + 1..).unwrap_or_default();
        let Some(close) = after.find('>') else {
            rest = "";
            break;
        };
        let tag = after.get(..close).unwrap_or_default();
        let name =
            tag.trim_start_matches('/').split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or_default();
        let name = name.to_ascii_lowercase();
        if BLOCK_TAGS.contains(&name.as_str()) {
            raw.push('\n');
        } else if SPACE_TAGS.contains(&name.as_str()) {
            raw.push(' ');
        }
        rest = after.get(close + 1..).unwrap_or_default();
    }
    push_unescaped(&mut raw, rest);
    paragraphs(&raw)
}

/// Appends `text` with its character references decoded.
fn push_unescaped(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or_default());
        let after = rest.get(amp + 1..).unwrap_or_default();
        let entity = after.find(';').filter(|i| *i <= 10).and_then(|i| Some((after.get(..i)?, i)));
        let decoded = entity.and_then(|(name, i)| {
            let ch = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => '\u{a0}',
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((ch, i))
        });
        match decoded {
            Some((ch, i)) => {
                out.push(ch);
                rest = after.get(i + 1..).unwrap_or_default();
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

/// Lines trimmed, runs of white space inside them collapsed, blank lines dropped,
/// and the rest joined with one blank line between paragraphs.
fn paragraphs(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for line in text.lines() {
        let mut words = line.split_whitespace().peekable();
        if words.peek().is_none() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        for (i, word) in words.enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out
}

/// Title, canonical URL, site name, author and publication date from the page's tags.
fn head_metadata(doc: &Document) -> Page {
    let root = doc.root();
    let mut page = Page::default();
    let mut date: Option<(usize, String)> = None;
    let (mut og_title, mut og_url) = (None, None);
    for id in doc.get_elements_by_tag_name(root, "meta") {
        let Some(content) = doc.get_attribute(id, "content").filter(|c| !c.trim().is_empty()) else { continue };
        let key = ["property", "name", "itemprop"]
            .iter()
            .find_map(|a| doc.get_attribute(id, a))
            .map(|k| k.trim().to_ascii_lowercase())
            .unwrap_or_default();
        if let Some(rank) = DATE_KEYS.iter().position(|k| *k == key)
            && date.as_ref().is_none_or(|(best, _)| rank < *best)
        {
            date = Some((rank, content));
            continue;
        }
        match key.as_str() {
            "og:title" => og_title = og_title.or(Some(content)),
            "og:url" => og_url = og_url.or(Some(content)),
            "og:site_name" => page.site_name = page.site_name.or(Some(content.trim().to_string())),
            "author" | "article:author" | "dc.creator" if !content.starts_with("http") => {
                page.author = page.author.or(Some(content.trim().to_string()));
            }
            _ => {}
        }
    }
    let mut published = date.and_then(|(_, d)| parse_published(&d));
    if published.is_none() {
        published = doc
            .scripts_with_type(&["application/ld+json"])
            .into_iter()
            .find_map(|id| JSON_LD_DATE.captures(&doc.text_content(id)).and_then(|c| parse_published(&c[1])));
    }
    if published.is_none() {
        published = time_element(doc, root);
    }
    page.published = published;
    page.canonical_url = doc
        .get_elements_by_tag_name(root, "link")
        .into_iter()
        .filter(|id| doc.get_attribute(*id, "rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical")))
        .find_map(|id| doc.get_attribute(id, "href").filter(|h| h.starts_with("http")))
        .or(og_url.filter(|u| u.starts_with("http")));
    let title_tag = doc.get_elements_by_tag_name(root, "title").first().map(|id| doc.text_content(*id));
    page.title =
        og_title.or(title_tag).map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|t| !t.is_empty());
    page
}

/// The `datetime` of a `<time>` marked as the publication date, else of the first `<time>`.
fn time_element(doc: &Document, root: NodeId) -> Option<(Date, Option<String>)> {
    let times = doc.get_elements_by_tag_name(root, "time");
    let marked = times.iter().find(|id| {
        doc.get_attribute(**id, "pubdate").is_some()
            || doc.get_attribute(**id, "itemprop").is_some_and(|p| p.eq_ignore_ascii_case("datePublished"))
    });
    let id = marked.or(times.first())?;
    parse_published(&doc.get_attribute(*id, "datetime")?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const BENCH_PAGE: &str = r#"<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>BAHIA COCOA REVIEW</title>
<meta property="article:published_time" content="1987-02-26"></head>
<body><article>
<p>SALVADOR, Feb 26 - Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought since early January and improving prospects for the coming temporao.</p>
<p>The dry period means the temporao will be late this year.</p>
<p>Comissaria Smith said spot bean prices rose to 340 to 350 cruzados per arroba of 15 kilos.</p>
</article></body></html>"#;

    #[test]
    fn bench_page_shape() {
        let page = clean(BENCH_PAGE, Some("https://example.com/reuters/1"));
        assert_eq!(page.title.as_deref(), Some("BAHIA COCOA REVIEW"));
        assert_eq!(page.published, Some((date(1987, 2, 26), None)));
        assert!(page.text.starts_with("SALVADOR, Feb 26 - Showers continued"), "{}", page.text);
        assert!(page.text.contains("temporao.\n\nThe dry period means"), "{}", page.text);
        assert!(page.text.ends_with("15 kilos."), "{}", page.text);
    }

    #[test]
    fn news_page_metadata() {
        let html = r#"<html><head><title>March | Example News</title>
<meta property="og:title" content="Thousands march in Baghdad">
<meta property="og:site_name" content="Example News">
<link rel="canonical" href="https://news.example.com/2020/01/24/march">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","datePublished":"2020-01-24T09:30:00Z"}]}</script>
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Thousands march in Baghdad</h1>
<p>BAGHDAD (Reuters) - Thousands of supporters of cleric Muqtada al-Sadr marched in Baghdad on Friday to demand the withdrawal of US troops from Iraq.</p>
<p>The protesters gathered in the Jadriya district, waving Iraqi flags and chanting slogans against the United States and Israel.</p>
</article><footer>Copyright 2020 Example News</footer></body></html>"#;
        let page = clean(html, None);
        assert_eq!(page.title.as_deref(), Some("Thousands march in Baghdad"));
        assert_eq!(page.site_name.as_deref(), Some("Example News"));
        assert_eq!(page.canonical_url.as_deref(), Some("https://news.example.com/2020/01/24/march"));
        assert_eq!(page.published, Some((date(2020, 1, 24), Some("2020-01-24T09:30:00Z".into()))));
        assert!(page.text.contains("BAGHDAD (Reuters) - Thousands"), "{}", page.text);
        assert!(!page.text.contains("Copyright"), "{}", page.text);
        assert!(!page.text.contains("Home"), "{}", page.text);
    }

    #[test]
    fn time_elements_and_paragraphs() {
        let html = r#"<html><body><article><time datetime="2023-10-20T08:00:00+03:00">Oct 20</time>
<p>Hundreds gathered.</p></article></body></html>"#;
        assert_eq!(clean(html, None).published.map(|p| p.0), Some(date(2023, 10, 20)));
        assert_eq!(paragraphs("  a  b \n\n\n c\n"), "a b\n\nc");
        assert_eq!(
            markup_text("<p>A <b>bold</b>&amp;&#233;&nbsp;x</p><head>T</head><list><item>i</item></list>"),
            "A bold&é x\n\nT\n\ni"
        );
    }
}
