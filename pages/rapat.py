"""Rapat Koordinasi: the agenda of one meeting, the projector view and the meeting pack.

The meeting lives in the URL (`/rapat?tanggal=2024-10-05`); presentation mode
adds `mode=presentasi&slide=k`, so a refresh or a second laptop lands on the
same screen. Everything shown comes from one lib.meeting.agenda.Agenda; this file
lays it out with the blocks of lib.meeting.slides (lib.meeting.pack renders the
downloads from the same model).

Settings (optional, secrets.toml): `[rapat] mulai = "08:30"` and
`[rapat.durasi]` minutes per kind, e.g. `laporan = 10`.
"""

from __future__ import annotations

from datetime import time

import streamlit as st

from lib import ui
from lib.data.clock import today_wib
from lib.figures import record
from lib.meeting import agenda as ag
from lib.meeting import minutes, slides
from lib.meeting import pack as meeting_pack
from lib.views import charts
from lib.views import record as record_views
from lib.views.fmt import clock_time, long_date, md_escape

MODE_PRESENT = "presentasi"
SLIDE_KEY = "rapat_slide_jump"
KEY_PREV, KEY_NEXT, KEY_LEAVE = "slide_prev", "slide_next", "slide_leave"

# Static CSS written here (never sheet text): large type for a 1280x720
# projector read from the back of the room, no sidebar, no page chrome. Every
# slide fits one screen (lib.meeting.slides.split_blocks decides what goes on
# which slide; tests/browser/test_presentation.py measures it).
PRESENT_CSS = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stSidebarCollapseButton"], header[data-testid="stHeader"] { display: none; }
.stMainBlockContainer, .block-container { max-width: 100%; padding: 0.35rem 2rem 0.2rem 2rem; }
.stMainBlockContainer [data-testid="stVerticalBlock"] { gap: 0.45rem; }
.stMainBlockContainer p, .stMainBlockContainer li { font-size: 1.35rem; line-height: 1.3; }
.stMainBlockContainer h2 { font-size: 2.1rem; padding: 0.1rem 0 0 0; line-height: 1.2; }
.stMainBlockContainer table { font-size: 1.15rem; }
.stMainBlockContainer table td, .stMainBlockContainer table th {
  padding: 0.18rem 0.6rem; line-height: 1.25; }
.stMainBlockContainer [data-testid="stMetricValue"],
.stMainBlockContainer [data-testid="stMetricValue"] * {
  font-size: 2.6rem !important; line-height: 1.15; white-space: nowrap; }
.stMainBlockContainer [data-testid="stMetricLabel"],
.stMainBlockContainer [data-testid="stMetricLabel"] * {
  font-size: 1.05rem !important; white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; height: auto !important; line-height: 1.2; }
.stMainBlockContainer button p { font-size: 1.15rem; white-space: nowrap; }
.slide-counter { font-size: 1.5rem; font-weight: 700; white-space: nowrap; text-align: center; }
@media (min-width: 1800px) and (min-height: 1000px) {  /* full HD: same slide, larger */
  html { font-size: 22px; }
}
.st-key-slide_when p { font-size: 1.05rem !important; color: #555; }
@media (max-width: 640px) {  /* a phone: facts one (label, value) pair per line, not two */
  [class*="st-key-slide_facts_"] table { width: 100%; }
  [class*="st-key-slide_facts_"] tr {
    display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 3fr); }
  [class*="st-key-slide_facts_gap"] tr:last-child td:nth-child(n+3) { display: none; }
  /* other slide tables: smaller type, words may break, so every column stays on screen */
  .stMainBlockContainer table { font-size: 0.8rem; width: 100%; }
  .stMainBlockContainer table td, .stMainBlockContainer table th {
    padding: 0.15rem 0.25rem; overflow-wrap: anywhere; word-break: break-word; }
  .stMainBlockContainer table th { font-size: 0.72rem; }
}
</style>
"""

# Keys of a presentation clicker: ArrowRight/PageDown/Space next, ArrowLeft/PageUp
# back, Escape leaves. The script runs in the page (st.html with JavaScript),
# is installed once per browser tab, and ignores keys typed into a field.
PRESENT_KEYS_JS = (
    """
<script>
if (!window.__rakorKeys) {
  window.__rakorKeys = true;
  const press = (key) => {
    const button = document.querySelector(`.st-key-${key} button`);
    if (button && !button.disabled) { button.click(); return true; }
    return false;
  };
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    const target = event.target;
    const tag = target && target.tagName ? target.tagName.toLowerCase() : "";
    if (tag === "input" || tag === "textarea" || tag === "select" ||
        (target && target.isContentEditable)) return;
    const keys = {
      ArrowRight: "%(next)s", PageDown: "%(next)s", " ": "%(next)s",
      ArrowLeft: "%(prev)s", PageUp: "%(prev)s", Escape: "%(leave)s",
    };
    const key = keys[event.key];
    if (!key || !document.querySelector(`.st-key-${key}`)) return;
    event.preventDefault();
    press(key);
  }, true);
}
</script>
""".replace("%(next)s", KEY_NEXT)
    .replace("%(prev)s", KEY_PREV)
    .replace("%(leave)s", KEY_LEAVE)
)


# ---------------------------------------------------------------- settings and choice


def settings() -> tuple[dict[str, int], time, list[str]]:
    """Durations and start time from secrets.toml ([rapat], [rapat.durasi])."""
    try:
        return ag.settings_from_secrets(ui.read_secrets())
    except ui.SecretsError as exc:
        return {}, ag.DEFAULT_START, [str(exc)]


def choose(ds) -> ag.Meeting:
    meeting, message = ag.choose_meeting(ds, today_wib(), st.query_params.get("tanggal"))
    if message:
        st.warning(md_escape(message), icon=":material/event_busy:")
    if meeting is None:
        st.stop()
    return meeting


def start_param(default: time) -> time:
    """`?mulai=08:30` in the URL wins over secrets, so the projector keeps the time."""
    asked = st.query_params.get("mulai", "")
    parsed = ag.parse_clock(asked)
    if asked and parsed is None:
        st.warning(
            f"Jam mulai di tautan tidak terbaca: {md_escape(asked)}. Tulis jam seperti 09:00; "
            f"dipakai {clock_time(default)}.",
            icon=":material/schedule:",
        )
    return parsed or default


# ---------------------------------------------------------------- blocks


def show_blocks(
    blocks: list[slides.Block] | tuple[slides.Block, ...], present: bool = False
) -> None:
    """Lay out an item's blocks; sheet text goes through tables or md_escape only.

    On a slide, big figures come in rows of four cards (a row wraps on a phone,
    so they read in order) and plain facts two pairs to a row.
    """
    for n, block in enumerate(blocks):
        if isinstance(block, slides.Facts):
            if block.title and not (present and block.big):
                st.markdown(f"**{md_escape(block.title)}**")
            if present and block.big:
                per_row = block.per_row
                for i in range(0, len(block.pairs), per_row):
                    cards = ui.row()
                    for label, value in block.pairs[i : i + per_row]:
                        cards.metric(md_escape(label), value)
            elif present:  # keyed for PRESENT_CSS: a phone shows one pair per line
                gap = "gap" if slides.facts_gap(block) else "full"
                with st.container(key=f"slide_facts_{gap}_{n}"):
                    st.table(slides.facts_frame(block), hide_index=True, hide_header=True)
            else:  # plain lines: a table per collapsed item costs every click
                st.markdown(
                    "  \n".join(f"{md_escape(k)}: **{md_escape(v)}**" for k, v in block.pairs)
                )
        elif isinstance(block, slides.Table):
            st.markdown(f"**{md_escape(block.title)}**")
            if present:
                st.table(block.frame, hide_index=True)
            else:
                ui.dataframe(block.frame, hide_index=True, width="stretch")
        elif isinstance(block, slides.Bullets):
            st.markdown(f"**{md_escape(block.title)}**")
            st.markdown("\n".join(f"- {md_escape(line)}" for line in block.lines))
        elif isinstance(block, slides.Bars) and present:
            st.markdown(f"**{md_escape(block.title)}**")
            st.altair_chart(charts.slide_bars_chart(block.frame()), width="stretch")
        elif isinstance(block, slides.Bars):  # a chart per collapsed item costs every click
            st.markdown(f"**{md_escape(block.title)}**")
            st.markdown("  \n".join(f"{md_escape(b[0])}: **{b[2]}**" for b in block.bars))
        elif isinstance(block, slides.Text):
            st.markdown(md_escape(block.text))


# ---------------------------------------------------------------- presentation mode


def slide_number(n_slides: int) -> int:
    try:
        k = int(st.query_params.get("slide", "1"))
    except ValueError:
        k = 1
    return min(max(k, 1), max(n_slides, 1))


def go_to(k: int) -> None:
    st.query_params["slide"] = str(k)
    st.session_state[SLIDE_KEY] = k


def jumped() -> None:
    st.query_params["slide"] = str(st.session_state[SLIDE_KEY])


LEAVING = "rapat_leaving"


def leave_presentation() -> None:
    """Keluar (button or Escape): drop the presentation from the URL.

    A click inside a fragment reruns only the fragment, so the fragment then
    asks for a full-app rerun (see presentation()) and the Rapat page returns.
    """
    for name in ("mode", "slide"):
        if name in st.query_params:
            del st.query_params[name]
    st.session_state[LEAVING] = True


@st.fragment(run_every=60)
def presentation() -> None:
    """One screen per slide; re-reads the data every 60 s and keeps the slide (URL)."""
    ds = ui.get_dataset()  # with the stale banner when it is the last good snapshot
    meeting = choose(ds)
    durations, start, _ = settings()
    start = start_param(start)
    agenda = ag.build_agenda(ds, meeting, start, durations)
    deck = slides.present_slides(ds, meeting, start, durations)
    n = len(deck)
    k = slide_number(n)
    slide = deck[k - 1]
    item = agenda.items[slide.item]
    if st.session_state.get(SLIDE_KEY) != k:
        st.session_state[SLIDE_KEY] = k

    back, jump, forward, position, leave = st.columns(
        [1.4, 4, 1.4, 0.9, 1.1], vertical_alignment="center"
    )
    back.button(
        "Sebelumnya",
        key=KEY_PREV,
        icon=":material/arrow_back:",
        disabled=k <= 1,
        on_click=go_to,
        args=(k - 1,),
        width="stretch",
    )
    jump.selectbox(
        "Lompat ke",
        options=list(range(1, n + 1)),
        format_func=lambda i: f"{i}. {deck[i - 1].title}",
        key=SLIDE_KEY,
        on_change=jumped,
        label_visibility="collapsed",
    )
    forward.button(
        "Berikutnya",
        key=KEY_NEXT,
        icon=":material/arrow_forward:",
        disabled=k >= n,
        on_click=go_to,
        args=(k + 1,),
        width="stretch",
        type="primary",
    )
    position.markdown(
        f'<div class="slide-counter">{k}&nbsp;/&nbsp;{n}</div>', unsafe_allow_html=True
    )
    leave.button(
        "Keluar",
        key=KEY_LEAVE,
        icon=":material/close:",
        on_click=leave_presentation,
        width="stretch",
    )
    if st.session_state.pop(LEAVING, False):
        st.rerun(scope="app")

    st.markdown(f"## {md_escape(slide.title)}")
    part = f" · bagian {slide.part} dari {slide.parts}" if slide.parts > 1 else ""
    with st.container(key="slide_when"):
        st.markdown(
            f"{md_escape(agenda.long_date)} · {clock_time(item.start)}–{clock_time(item.end)}"
            f" · {item.duration_min} menit{part}"
        )
    ui.drawn_once(show_blocks, slide.blocks, True)  # the same figures: the same slide
    st.caption(md_escape(meeting_pack.source_line(ds.source)))


# ---------------------------------------------------------------- page


def start_presentation(tanggal: str, start: time) -> None:
    st.session_state["rapat_present"] = False  # off again when the presenter leaves
    st.query_params["tanggal"] = tanggal
    st.query_params["mulai"] = f"{start.hour:02d}:{start.minute:02d}"
    st.query_params["mode"] = MODE_PRESENT
    st.query_params["slide"] = "1"


def meeting_changed() -> None:
    st.query_params["tanggal"] = st.session_state["rapat_tanggal"].isoformat()


if st.query_params.get("mode") == MODE_PRESENT:
    ui.ensure_shell()
    st.html(PRESENT_CSS)
    st.html(PRESENT_KEYS_JS, unsafe_allow_javascript=True)
    presentation()
    st.stop()

st.session_state.pop(LEAVING, None)
ds = ui.page_start("Rapat Koordinasi")
durations, default_start, problems = settings()
for problem in problems:
    st.warning(md_escape(problem), icon=":material/settings:")
meeting = choose(ds)
dates = [m.date for m in ag.meetings(ds)]

choice = ui.row()
st.session_state["rapat_tanggal"] = meeting.date
choice.selectbox(
    "Rapat",
    options=dates,
    format_func=long_date,
    key="rapat_tanggal",
    on_change=meeting_changed,
)
start = choice.time_input("Jam mulai", value=start_param(default_start), step=300)
agenda = ag.build_agenda(ds, meeting, start, durations)

st.subheader(md_escape(agenda.long_date))
st.markdown(
    f"**Tempat:** {md_escape(agenda.place or '–')}  \n"
    f"**Periode laporan:** {agenda.period_label} · "
    f"{clock_time(agenda.start_time)}–{clock_time(agenda.end_time)} WIB "
    f"({agenda.total_minutes} menit)"
)
attendance = slides.attendance_pairs(agenda.items[0].body)  # who came, who did not
if attendance:
    st.markdown("  \n".join(f"**{label}:** {md_escape(value)}" for label, value in attendance))
st.toggle(
    "Mode presentasi",
    value=False,
    key="rapat_present",
    on_change=start_presentation,
    args=(meeting.date.isoformat(), start),
    help="Satu acara per layar, huruf besar untuk proyektor. Posisi tersimpan di URL.",
)

ui.table(agenda.schedule(), "schedule", phone=["Mulai", "Acara"])
blocks = slides.agenda_blocks(ds, meeting, start, durations)
for n, item in enumerate(agenda.items, start=1):
    label = f"{n}. {clock_time(item.start)} · {md_escape(item.title)}"
    # Lazy: an item's tables are built only while its expander is open, so a
    # click elsewhere does not re-send forty collapsed items to the browser.
    with st.expander(label, key=f"rapat_item_{n}", on_change="rerun") as section:
        if section.open:
            show_blocks(blocks[n - 1])

if record.has_attendance(ds) or record.has_decisions(ds):
    st.subheader("Catatan rapat")
    st.caption(
        "Dari tab Kehadiran dan Keputusan; terisi sendiri saat notulis mengetik di sheet "
        "(muat ulang data, atau tunggu pembacaan berikutnya)."
    )
    record_sections = {
        "Daftar hadir": lambda: record_views.attendance_table(record.attendance(ds, meeting.date)),
        "Tindak lanjut rapat lalu": lambda: record_views.follow_up_table(
            record.follow_ups(ds, meeting.date)
        ),
        "Keputusan rapat ini": lambda: record_views.decisions_table(
            record.decided_at(ds, meeting.date)
        ),
    }
    for title, table in record_sections.items():
        with st.expander(title, key=f"rapat_record_{title}", on_change="rerun") as section:
            if section.open:
                frame = table()
                if frame.empty:
                    st.markdown("Belum ada baris di sheet untuk rapat ini.")
                else:
                    ui.dataframe(frame, hide_index=True, width="stretch")

st.subheader("Bahan rapat")
name = ui.organisation(ds)
stem = f"bahan-rapat-{meeting.date.isoformat()}"
buttons = ui.row()
failure = meeting_pack.last_failure(agenda)
if failure:
    st.error(failure, icon=":material/picture_as_pdf:")
ui.download(
    "Unduh PDF",
    lambda: meeting_pack.render_pdf_safe(agenda, name=name),
    f"{stem}.pdf",
    "application/pdf",
    icon=":material/picture_as_pdf:",
    container=buttons,
    width="stretch",
)
ui.download(
    "Unduh Markdown",
    lambda: meeting_pack.render_markdown(agenda, name=name),
    f"{stem}.md",
    "text/markdown",
    icon=":material/description:",
    container=buttons,
    width="stretch",
)
st.markdown("**Ringkasan untuk WhatsApp** (salin dengan tombol di pojok kanan atas kotak)")
whatsapp = ui.cached(
    ds,
    ("whatsapp", meeting, start, durations, name),
    lambda: meeting_pack.render_whatsapp(agenda, name=name),
)
st.code(whatsapp, language=None, wrap_lines=True)

st.subheader("Notulen")
st.caption(
    "Ditulis dari sheet: tempat, kehadiran, pembahasan per agenda dengan angka utamanya, "
    "keputusan dengan penanggung jawab dan tenggat, tindak lanjut terbuka, rapat berikutnya."
)
stem = f"notulen-{meeting.date.isoformat()}"
buttons = ui.row()
ui.download(
    "Unduh notulen PDF",
    lambda: minutes.render_pdf_safe(minutes.build_minutes(ds, agenda), name=name),
    f"{stem}.pdf",
    "application/pdf",
    icon=":material/picture_as_pdf:",
    container=buttons,
    key="notulen_pdf",
    width="stretch",
)
ui.download(
    "Unduh notulen Markdown",
    lambda: minutes.render_markdown(minutes.build_minutes(ds, agenda), name=name),
    f"{stem}.md",
    "text/markdown",
    icon=":material/description:",
    container=buttons,
    key="notulen_md",
    width="stretch",
)
with st.expander("Notulen untuk WhatsApp", key="notulen_wa", on_change="rerun") as section:
    if section.open:
        st.code(
            minutes.render_whatsapp(minutes.build_minutes(ds, agenda), name=name),
            language=None,
            wrap_lines=True,
        )
