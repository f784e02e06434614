"""The pass over the built HTML (generator/site/pages.py, issue 12): word spans, names, dialog label, lang."""

from __future__ import annotations

from generator.site.pages import describe_flowchart, finish_html, keeping, mark_word_breaks


def words(run: str) -> list[str]:
    """A stand-in segmenter: งบประมาณ and ผู้รับผิดชอบ are words, the rest one letter at a time."""
    out, i = [], 0
    while i < len(run):
        for word in ("งบประมาณ", "ผู้รับผิดชอบ", "นาง", "พร", "ทิพย์"):
            if run.startswith(word, i):
                out.append(word)
                i += len(word)
                break
        else:
            out.append(run[i])
            i += 1
    return out


def test_thai_words_get_spans_and_nothing_else_changes():
    html = ('<p title="งบประมาณ">งบประมาณผู้รับผิดชอบ (ก) and English</p><script>var x = "งบประมาณ";</script>'
            '<svg><text>งบประมาณ</text></svg><code>งบประมาณ</code>')
    out = mark_word_breaks(html, words)
    assert out.startswith('<p title="งบประมาณ"><span class="w">งบประมาณ</span><span class="w">ผู้รับผิดชอบ</span> (ก) and English</p>')
    assert out.endswith('<script>var x = "งบประมาณ";</script><svg><text>งบประมาณ</text></svg><code>งบประมาณ</code>')


def test_names_are_kept_whole():
    assert mark_word_breaks("<td>นางพรทิพย์</td>", words) == \
        '<td><span class="w">นาง</span><span class="w">พร</span><span class="w">ทิพย์</span></td>'
    assert mark_word_breaks("<td>นางพรทิพย์</td>", keeping(words, {"นางพรทิพย์"})) == \
        '<td><span class="w">นางพรทิพย์</span></td>'


def test_search_dialog_and_language_links():
    page = ('<html><head><title>งบประมาณ</title></head><body>'
            '<div class="md-search" data-md-component="search" role="dialog">'
            '<a href="en/" hreflang="en" class="md-select__link">English</a></body></html>')
    out = finish_html(page, "th", words)
    assert 'role="dialog" aria-label="ค้นหาในคู่มือ"' in out
    assert 'hreflang="en" lang="en" class="md-select__link"' in out
    assert "<title>งบประมาณ</title>" in out  # the head is left alone


def test_flowchart_described_by_its_steps():
    figure = ('<figure class="hb-flowchart" id="hbfc-x-th">\n<svg role="img" aria-labelledby="hbfc-x-th-title">'
              '</svg>\n<details><summary>s</summary>\n<ol class="hb-flow-steps">\n<li>1</li>\n</ol>\n</details>\n</figure>')
    out = describe_flowchart(figure)
    assert '<svg role="img" aria-describedby="hbfc-x-th-text" ' in out
    assert '<ol class="hb-flow-steps" id="hbfc-x-th-text">' in out
    assert describe_flowchart("") == "" and describe_flowchart(out) == out
