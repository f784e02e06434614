"""Write the example office's duty-assignment order (คำสั่ง), a 2-page PDF, for its personal manual's appendix.

Usage: ``.venv/bin/python scripts/make_example_order.py [OUT.pdf]`` (default:
``tests/fixtures/example/manuals/appendix/order-kamonwan-s.pdf``).  The order
is fictional (the example office and its officers); WeasyPrint sets it in
Sarabun, so the file is small (about 40 KB) and has a Thai text layer.
"""

from __future__ import annotations

import sys
from pathlib import Path

OFFICE = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาศรีสุข เขต ๑"
DUTIES = [
    "งานติดตาม ประเมินผล และรายงานผลการดำเนินงานในระบบติดตามและประเมินผลแห่งชาติ (eMENSCR)",
    "งานติดตามและรายงานผลการดำเนินงานตามนโยบายและกลยุทธ์ของสำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน",
    "งานรายงานผลการตรวจราชการของผู้ตรวจราชการกระทรวงศึกษาธิการ",
    "งานให้บริการข้อมูลสารสนเทศทางการศึกษาแก่ผู้ขอรับบริการ",
    "ปฏิบัติงานอื่น ๆ ตามที่ได้รับมอบหมายจากผู้บังคับบัญชา",
]

HTML = """<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><title>คำสั่ง (ตัวอย่าง)</title><style>
{fonts}
@page {{ size: A4; margin: 20mm 20mm 20mm 30mm; }}
html {{ font-family: "Sarabun"; font-size: 12pt; line-height: 1.5; }}
h1 {{ text-align: center; font-size: 15pt; margin: 0 0 2mm 0; }}
.c {{ text-align: center; }} .ind {{ text-indent: 25mm; }} p {{ margin: 0 0 2mm 0; }}
.sign {{ margin: 12mm 0 0 45%; text-align: center; }} .mark {{ color: #c00; border: 1.5pt solid #c00;
  display: inline-block; padding: 1mm 4mm; font-weight: 700; transform: rotate(-8deg); margin-left: 12mm; }}
ol {{ margin: 0 0 0 25mm; list-style: thai; }} .page {{ break-before: page; }}
</style></head><body>
<h1>คำสั่ง{office}</h1>
<p class="c">ที่ ๐๑๒/๒๕๖๙</p>
<p class="c">เรื่อง การกำหนดหน้าที่และความรับผิดชอบให้ข้าราชการและบุคลากรทางการศึกษา<br>ลูกจ้างประจำและลูกจ้างชั่วคราวปฏิบัติงาน (ตัวอย่าง)</p>
<p class="c">-------------------------------</p>
<p class="ind">อาศัยอำนาจตามความในมาตรา ๓๗ และมาตรา ๗๕ แห่งพระราชบัญญัติระเบียบบริหารราชการกระทรวงศึกษาธิการ
พ.ศ. ๒๕๔๖ และประกาศกระทรวงศึกษาธิการ เรื่อง การแบ่งส่วนราชการภายในสำนักงานเขตพื้นที่การศึกษา
จึงกำหนดหน้าที่และความรับผิดชอบของข้าราชการและบุคลากรทางการศึกษาในกลุ่มนโยบายและแผน ดังนี้</p>
<p class="ind">๑. นางสาวกมลวรรณ แสงทอง ตำแหน่ง นักวิเคราะห์นโยบายและแผน ระดับชำนาญการ
ตำแหน่งเลขที่ ๑๕ ปฏิบัติหน้าที่หัวหน้ากลุ่มงานติดตาม ประเมินผล และรายงาน มีหน้าที่รับผิดชอบ ดังนี้</p>
<ol>{duties}</ol>
<p class="ind">ให้ข้าราชการและบุคลากรทางการศึกษาที่ได้รับมอบหมายปฏิบัติหน้าที่ด้วยความตระหนักในหน้าที่ความรับผิดชอบ
ถูกต้องตามระเบียบแบบแผนของทางราชการ เพื่อให้บังเกิดผลดีแก่ทางราชการ</p>
<p class="page ind">ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป</p>
<p class="c">สั่ง ณ วันที่ ๑ ตุลาคม พ.ศ. ๒๕๖๙</p>
<div class="sign"><div>(ลงชื่อ) ..........................................</div><div>(นายประเสริฐ ทองดี)</div>
<div>ผู้อำนวยการ{office}</div></div>
<p style="margin-top: 20mm"><span class="mark">ตัวอย่าง</span></p>
</body></html>"""


def main(argv: list[str]) -> int:
    import weasyprint

    from generator.fonts import FACES, FAMILY, font_path

    default = Path(__file__).resolve().parents[1] / "tests/fixtures/example/manuals/appendix/order-kamonwan-s.pdf"
    out = Path(argv[0]) if argv else default
    out.parent.mkdir(parents=True, exist_ok=True)
    duties = "".join(f"<li>{duty}</li>" for duty in DUTIES)
    fonts = "\n".join(f'@font-face {{ font-family: "Sarabun"; src: url("{font_path(stem).as_uri()}"); '
                      f"font-weight: {weight}; font-style: {style}; }}" for stem, weight, style in FACES)
    assert FAMILY == "Sarabun"
    weasyprint.HTML(string=HTML.format(office=OFFICE, duties=duties, fonts=fonts)).write_pdf(out)
    print(out, out.stat().st_size, "bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
