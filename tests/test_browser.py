"""Notebook 01 in JupyterLab, driven by a real browser (headless Debian Chromium).

What a person sees, not what nbclient sees: ``jupyter lab`` from this venv on a
loopback port with a random token and the server settings of ``make lab``
(``jupyter/jupyter_server_config.py``), opened in headless Chromium (Playwright
driving Debian's ``/usr/bin/chromium``; no browser is ever downloaded).  The
file browser must list the three notebooks once each (the paired ``.py`` files
hidden); each notebook is opened from it with a double click and must stay
unmodified once its kernel is idle; notebook ``01`` then runs through the menu
*Run > Run All Cells*, and the page is checked: the kernel is the venv's
Python, no cell shows an error, the tone arc and the other charts are images
that decoded, and the highlighted article is visible with its colours.
Finally the ``report.html`` that notebook wrote is opened: its first screen
(1280×800) must show the summary and the whole first chart.  Screenshots go to
``tmp_path``; with ``CADRAGE_UPDATE_SCREENSHOT=1`` they also replace
``docs/img/notebook-01.png`` and ``docs/img/report.png``.

Isolation: the server runs from a temporary folder holding a copy of the
notebooks (the committed ones are never opened), with fresh Jupyter/IPython/
Matplotlib config, data and runtime folders, so nothing from the user's home
leaks in.  The copy of ``01`` (both files of the pair) gets one
papermill-style cell after the ``parameters`` cell setting ``out_dir`` to
``tmp_path``, so the export cell does not write into the repository's
``reports/``; the input stays the notebook's default
(``config.SAMPLE_ARTICLE``), which also proves the imports work outside the
repository root.  The browser resolves no host name except loopback.

Clean-up: every process started here (server, kernel, Playwright driver,
Chromium and its helpers) carries a per-run marker in its environment; at the
end they are stopped (SIGTERM, then SIGKILL of what is left) and the whole
process table is scanned for the marker: any survivor fails the test.  Every
wait has its own deadline inside one overall budget (pytest-timeout is not
used).  Without Chromium the test is skipped with its reason (it fails
instead when ``CADRAGE_REQUIRE_BROWSER=1``, for a CI that must run it).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = "01_tone_and_framing.ipynb"
NOTEBOOKS = ["01_tone_and_framing.ipynb", "02_compare_articles.ipynb", "03_validate_tone.ipynb"]
DOC_IMAGE = ROOT / "docs" / "img" / "notebook-01.png"
REPORT_IMAGE = ROOT / "docs" / "img" / "report.png"
#: The server settings of `make lab` (one entry per notebook, notebooks opened unmodified).
LAB_CONFIG = ROOT / "jupyter"
UPDATE_ENV = "CADRAGE_UPDATE_SCREENSHOT"
MARKER_ENV = "CADRAGE_BROWSER_TEST_RUN"
REQUIRE_ENV = "CADRAGE_REQUIRE_BROWSER"

#: Overall budget for the whole test (seconds); every wait below takes what is left of it.
BUDGET = 280.0
#: Longest wait for "Run All Cells" to finish (the notebook takes ~30 s on 2 cores).
RUN_ALL_TIMEOUT = 240.0
VIEWPORT = {"width": 1280, "height": 800}
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic", "--disable-dev-shm-usage",
    # No network at all: every host name but loopback fails to resolve.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]

pytestmark = pytest.mark.slow


def find_chromium() -> str | None:
    """Debian's Chromium binary, or None."""
    for cand in ("/usr/bin/chromium", shutil.which("chromium")):
        if cand and os.path.isfile(cand) and os.access(cand, os.X_OK):
            return cand
    return None


def skip_or_fail(reason: str) -> None:
    """Skip with the reason, or fail when CADRAGE_REQUIRE_BROWSER=1 (a CI that must run it)."""
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{reason} ({REQUIRE_ENV}=1)")
    pytest.skip(reason)


class Deadline:
    """One time budget shared by every wait of the test."""

    def __init__(self, seconds: float):
        self.end = time.monotonic() + seconds

    def left(self, cap: float | None = None) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise TimeoutError("browser test: overall time budget exhausted")
        return left if cap is None else min(left, cap)

    def ms(self, cap: float) -> float:
        return 1000.0 * self.left(cap)


def wait_for(predicate, deadline: Deadline, cap: float, what: str, step: float = 0.25):
    """Poll ``predicate`` until it returns a truthy value, at most ``cap`` seconds."""
    end = time.monotonic() + deadline.left(cap)
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > end:
            raise TimeoutError(f"timed out after {cap:.0f} s waiting for {what}")
        time.sleep(step)


# --- processes ----------------------------------------------------------------------------------

def marked_processes(token: str) -> list:
    """Every live process whose environment carries this run's marker."""
    import psutil

    found = []
    for proc in psutil.process_iter(["pid", "name"]):
        if proc.pid == os.getpid():
            continue
        try:
            if proc.environ().get(MARKER_ENV) == token and proc.status() != psutil.STATUS_ZOMBIE:
                found.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return found


def describe(procs) -> list[str]:
    out = []
    for p in procs:
        try:
            out.append(f"{p.pid} {' '.join(p.cmdline())[:160]}")
        except Exception:  # noqa: BLE001 - gone meanwhile
            out.append(f"{p.pid} (gone)")
    return out


def kill_all(procs, timeout: float = 5.0) -> None:
    import psutil

    for p in procs:
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(procs, timeout=timeout)


class Run:
    """This run's marker token, and the processes that had to be killed to stop it."""

    def __init__(self):
        self.token = secrets.token_hex(8)
        self.killed: list[str] = []


@pytest.fixture
def run_marker():
    """A per-run token in the environment of every process this test starts.

    Torn down last: fails if any process had to be killed after the orderly
    shutdown (server SIGTERM, browser close), or if a process carrying the
    token is still alive anywhere (such a process is killed first).
    """
    import psutil

    run = Run()
    yield run
    # a few seconds' grace for helpers still exiting after their parent (Chromium's zygotes)
    _, left = psutil.wait_procs(marked_processes(run.token), timeout=5)
    names = describe(left)
    kill_all(left)
    if run.killed or names:
        pytest.fail("processes left behind by the browser test (now killed):\n"
                    + "\n".join(run.killed + names))


# --- the Jupyter server ---------------------------------------------------------------------------

def notebook_copy(folder: Path, out_dir: Path) -> Path:
    """A copy of the notebooks (both files of each jupytext pair), ``01`` with ``out_dir`` overridden
    right after its ``parameters`` cell."""
    import jupytext

    folder.mkdir(parents=True)
    for name in NOTEBOOKS:
        for suffix in (".py", ".ipynb"):
            shutil.copy2(ROOT / "notebooks" / Path(name).with_suffix(suffix).name, folder)
    nb = nbformat.read(ROOT / "notebooks" / NOTEBOOK, as_version=4)
    idx = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", ()))
    assert re.search(r"^out_dir\s*=", nb.cells[idx].source, re.M), "notebook 01 lost its out_dir parameter"
    cell = nbformat.v4.new_code_cell(f"out_dir = {str(out_dir)!r}",
                                     metadata={"tags": ["injected-parameters"]})
    nb.cells.insert(idx + 1, cell)
    path = folder / NOTEBOOK
    # both files of the pair: jupytext reads the cells from the .py
    nbformat.write(nb, path)
    jupytext.write(nb, path.with_suffix(".py"), fmt="py:percent")
    return path


def lab_env(base: Path, token: str) -> dict[str, str]:
    """The server's environment: the user's, minus anything Jupyter/IPython/Matplotlib reads."""
    drop = ("JUPYTER", "IPYTHON", "MPL", "PYTHONPATH", "PYTHONSTARTUP", "PYTHONHOME", "VIRTUAL_ENV",
            "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "no_proxy",
            "all_proxy")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    env["JUPYTER_CONFIG_PATH"] = str(LAB_CONFIG)  # as `make lab` does
    dirs = {"JUPYTER_CONFIG_DIR": "config", "JUPYTER_DATA_DIR": "data", "JUPYTER_RUNTIME_DIR": "runtime",
            "IPYTHONDIR": "ipython", "MPLCONFIGDIR": "mpl"}
    for key, name in dirs.items():
        (base / name).mkdir(parents=True, exist_ok=True)
        env[key] = str(base / name)
    # No news feed, no update check, no network (JupyterLab asks on first start otherwise).
    settings = base / "config" / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8")
    env[MARKER_ENV] = token
    env["PYTHONNOUSERSITE"] = "1"
    # Any HTTP(S) attempt by the server or the kernel fails at once (nothing may be downloaded).
    for key in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        env[key] = "http://127.0.0.1:9"
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    return env


def jupyter_command(root_dir: Path) -> list[str]:
    script = Path(sys.executable).with_name("jupyter-lab")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "jupyterlab"]
    return cmd + [
        "--no-browser", "--ServerApp.ip=127.0.0.1", "--ServerApp.port=0", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={secrets.token_hex(24)}", f"--ServerApp.root_dir={root_dir}",
        "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly", "--LanguageServerManager.autodetect=False",
    ] + (["--allow-root"] if os.geteuid() == 0 else [])


def server_info(runtime: Path, pid: int) -> dict | None:
    """The server's own record of its URL, port and token (written once it listens)."""
    path = runtime / f"jpserver-{pid}.json"
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError):
        return None  # being written


def stop_server(proc: subprocess.Popen, known: list, run: Run) -> None:
    """SIGTERM (the server shuts its kernels down); SIGKILL and record whatever outlives it."""
    import psutil

    with contextlib.suppress(psutil.NoSuchProcess):
        known = known + psutil.Process(proc.pid).children(recursive=True)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            run.killed.append(f"{proc.pid} jupyter lab (ignored SIGTERM for 20 s)")
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    # kernels run in their own session: whatever did not exit with the server is killed by pid
    _, alive = psutil.wait_procs([p for p in known if p.pid != proc.pid], timeout=10)
    run.killed += describe(alive)
    kill_all(alive)


@pytest.fixture
def lab(tmp_path, run_marker):
    """A running ``jupyter lab`` on 127.0.0.1 with a random token; stopped whatever happens."""
    if find_chromium() is None:
        skip_or_fail("chromium not installed: apt-get install chromium (Debian's package) "
                     "to run the JupyterLab browser test")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        skip_or_fail(f"playwright (the driver package) not importable: {exc}")
    import psutil

    deadline = Deadline(BUDGET)
    base = tmp_path / "lab"
    root_dir = base / "notebooks"
    out_dir = tmp_path / "out"
    notebook_copy(root_dir, out_dir)
    env = lab_env(base, run_marker.token)
    log = (tmp_path / "jupyter.log").open("wb")
    proc = subprocess.Popen(jupyter_command(root_dir), cwd=base, env=env, stdin=subprocess.DEVNULL,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    known: list = []
    try:
        def ready():
            if proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with {proc.returncode}: "
                                   + (tmp_path / "jupyter.log").read_text(errors="replace")[-2000:])
            return server_info(base / "runtime", proc.pid)

        info = wait_for(ready, deadline, 60, "jupyter lab to listen")
        assert urlparse(info["url"]).hostname == "127.0.0.1"
        known = [psutil.Process(proc.pid)]
        yield {"url": f"http://127.0.0.1:{info['port']}", "token": info["token"], "proc": proc,
               "deadline": deadline, "out_dir": out_dir, "log": tmp_path / "jupyter.log",
               "run": run_marker}
    finally:
        stop_server(proc, known, run_marker)
        log.close()


# --- the browser ------------------------------------------------------------------------------------

@pytest.fixture
def page(lab, tmp_path):
    """A page of headless Debian Chromium (fresh profile), closed whatever happens."""
    from playwright.sync_api import sync_playwright

    deadline = lab["deadline"]
    token = lab["run"].token
    old = os.environ.get(MARKER_ENV)
    os.environ[MARKER_ENV] = token  # the Playwright driver inherits the marker
    try:
        pw = sync_playwright().start()
    finally:
        if old is None:
            os.environ.pop(MARKER_ENV, None)
        else:
            os.environ[MARKER_ENV] = old
    context = None
    try:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"), executable_path=find_chromium(), headless=True,
            args=CHROMIUM_ARGS, chromium_sandbox=False, viewport=VIEWPORT, device_scale_factor=1,
            env={**os.environ, MARKER_ENV: token}, timeout=deadline.ms(60),
            locale="en-US", color_scheme="light")
        pg = context.pages[0] if context.pages else context.new_page()
        pg.set_default_timeout(30_000)
        pg.remote_requests = []  # any URL not on 127.0.0.1 (the test fails on one)

        def on_request(request):
            url = urlparse(request.url)
            if url.scheme not in ("data", "blob", "about", "file") and url.hostname != "127.0.0.1":
                pg.remote_requests.append(request.url)

        pg.on("request", on_request)
        yield pg
    finally:
        try:
            if context is not None:
                with contextlib.suppress(Exception):  # the last state, for a failure's post-mortem
                    context.pages[0].screenshot(path=str(tmp_path / "last.png"), timeout=5000)
                context.close()
        finally:
            pw.stop()


# --- reading the notebook as displayed ------------------------------------------------------------------

#: State of every code cell: prompt text, output mime types, images and their decoded sizes.
CELLS_JS = """
() => {
  const nb = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
  if (!nb) return null;
  const ind = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator');
  const cells = [...nb.querySelectorAll('.jp-Cell.jp-CodeCell')].map(c => {
    const prompt = c.querySelector('.jp-InputArea-prompt');
    const outs = [...c.querySelectorAll('.jp-OutputArea-output')];
    return {
      prompt: prompt ? prompt.textContent.trim() : '',
      mimes: outs.map(o => o.getAttribute('data-mime-type') || ''),
      stderr: outs.filter(o => (o.getAttribute('data-mime-type') || '').includes('stderr'))
                  .map(o => o.textContent.slice(0, 400)),
      images: [...c.querySelectorAll('.jp-OutputArea-output img')].map(
        i => [i.complete, i.naturalWidth, i.naturalHeight]),
    };
  });
  return {status: ind ? ind.getAttribute('data-status') : null, cells: cells};
}
"""


#: Kernel name and execution status shown in the notebook's toolbar.
KERNEL_JS = """
() => {
  const p = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const name = p && p.querySelector('.jp-KernelName');
  const ind = p && p.querySelector('.jp-Notebook-ExecutionIndicator');
  return [name ? name.textContent.trim() : null, ind ? ind.getAttribute('data-status') : null];
}
"""


#: Names the file browser lists.
LISTING_JS = """
() => {
  const items = [...document.querySelectorAll('.jp-DirListing-content .jp-DirListing-itemName')];
  return items.length ? items.map(e => e.textContent.trim()) : null;
}
"""

#: The notebook in front: its tab's name and whether it is marked modified.
TAB_JS = """
() => {
  const tab = document.querySelector('.lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current');
  if (!tab) return [null, null];
  const label = tab.querySelector('.lm-TabBar-tabLabel');
  return [label ? label.textContent.trim() : null, tab.classList.contains('jp-mod-dirty')];
}
"""

#: The report's first screen: where the summary and the first chart sit.
FIRST_SCREEN_JS = """
() => {
  const brief = document.querySelector('#brief');
  const fig = document.querySelector('figure');
  const img = fig && fig.querySelector('img');
  const text = brief ? document.body.innerText.slice(0, document.body.innerText.indexOf(
      fig ? fig.innerText.slice(0, 10) || 'figures/' : '')) : '';
  return {
    brief: brief && {bottom: brief.getBoundingClientRect().bottom, items: brief.querySelectorAll('li').length},
    chart: img && {id: fig.id, top: img.getBoundingClientRect().top, bottom: img.getBoundingClientRect().bottom,
                   natural: img.naturalWidth},
    text_before: text,
  };
}
"""


def state(page) -> dict | None:
    return page.evaluate(CELLS_JS)


def done(s: dict | None) -> bool:
    if not s or s["status"] != "idle" or not s["cells"]:
        return False
    prompts = [c["prompt"] for c in s["cells"]]
    if any("*" in p for p in prompts):
        return False
    numbered = all(re.fullmatch(r"\[\d+\]:", p) for p in prompts)
    return numbered or any(c["stderr"] for c in s["cells"])  # Run All stops at an error


def finished(page) -> dict | None:
    s = state(page)
    return s if done(s) else None


def prompts(page) -> list[str]:
    s = state(page)
    return [c["prompt"] for c in s["cells"]] if s else []


def kernel_processes(server_pid: int) -> list:
    import psutil

    return [p for p in psutil.Process(server_pid).children(recursive=True)
            if "ipykernel_launcher" in " ".join(p.cmdline())]


def shrink_png(src: Path, dst: Path) -> None:
    """A small committed copy: 256-colour palette, optimised."""
    from PIL import Image

    with Image.open(src) as im:
        small = im.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT,
                                           dither=Image.Dither.NONE)
        dst.parent.mkdir(parents=True, exist_ok=True)
        tmp = dst.with_suffix(".tmp.png")
        small.save(tmp, format="PNG", optimize=True)
        os.replace(tmp, dst)


# --- the test -----------------------------------------------------------------------------------------------

def test_notebook_01_runs_in_jupyterlab_in_chromium(lab, page, tmp_path):
    deadline = lab["deadline"]
    nb = nbformat.read(tmp_path / "lab" / "notebooks" / NOTEBOOK, as_version=4)
    sources = [c.source for c in nb.cells if c.cell_type == "code"]
    kernel_label = nb.metadata["kernelspec"]["display_name"]
    committed = (ROOT / "notebooks" / NOTEBOOK).stat().st_mtime_ns

    # 1. the lab as `make lab` opens it: the file browser lists each notebook once (no .py twin)
    page.goto(f"{lab['url']}/lab?token={lab['token']}", timeout=deadline.ms(60), wait_until="domcontentloaded")
    listing = wait_for(lambda: page.evaluate(LISTING_JS), deadline, 60, "the file browser listing")
    assert listing == NOTEBOOKS, f"file browser shows {listing}"

    # 2. open each notebook from the file browser (01 last: it stays in front for Run All); each
    #    one's python3 kernel starts by itself (no "Select Kernel" dialog), goes idle, and the
    #    notebook is still unmodified (no dirty mark on its tab, no "save your changes?")
    for name in NOTEBOOKS[1:] + NOTEBOOKS[:1]:
        page.locator(".jp-DirListing-item", has_text=name).dblclick(timeout=deadline.ms(10))
        wait_for(lambda name=name: page.evaluate(TAB_JS)[0] == name, deadline, 30, f"{name} in front")
        try:
            wait_for(lambda: page.evaluate(KERNEL_JS) == [kernel_label, "idle"], deadline, 90,
                     f"the {kernel_label} kernel of {name} to be idle")
        except TimeoutError as exc:
            raise AssertionError(f"{exc}; toolbar shows {page.evaluate(KERNEL_JS)}") from None
        # JupyterLab writes the kernel's language_info into the notebook once connected: give it time
        end = time.monotonic() + 3
        while time.monotonic() < end:
            tab = page.evaluate(TAB_JS)
            assert tab == [name, False], f"{name} shows as modified as soon as it opens: {tab}"
            time.sleep(0.25)
    kernels = wait_for(lambda: (k := kernel_processes(lab["proc"].pid)) and len(k) == 3 and k, deadline, 30,
                       "one kernel process per notebook")
    for kernel in kernels:
        argv0 = kernel.cmdline()[0]
        assert Path(argv0).parent == Path(sys.executable).parent, \
            f"kernel runs {argv0}, not this venv's python ({sys.executable})"
    # every process of ours carries the marker, so the final scan would see any of them left
    marked = {p.pid: " ".join(p.cmdline()) for p in marked_processes(lab["run"].token)}
    assert lab["proc"].pid in marked and all(k.pid in marked for k in kernels), marked
    for part in ("playwright/driver", "chromium"):
        assert any(part in cmd for cmd in marked.values()), f"no marked process running {part}: {marked}"
    s = wait_for(lambda: (x := state(page)) and len(x["cells"]) == len(sources) and x, deadline, 30,
                 "every code cell in the page")

    # 3. Run > Run All Cells, through the menu bar
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click(timeout=deadline.ms(10))
    page.locator(".lm-Menu-item", has_text=re.compile(r"^Run All Cells")).click(timeout=deadline.ms(10))
    started = time.monotonic()
    wait_for(lambda: any("*" in p or re.search(r"\d", p) for p in prompts(page)), deadline, 30,
             "Run All Cells to start")
    try:
        s = wait_for(lambda: finished(page), deadline, RUN_ALL_TIMEOUT,
                     "every cell to run and the kernel to go idle", step=0.5)
    finally:
        with contextlib.suppress(Exception):  # never hide the wait's own error
            page.screenshot(path=str(tmp_path / "notebook-01.png"))
    print(f"Run All Cells: {time.monotonic() - started:.1f} s; screenshot {tmp_path / 'notebook-01.png'}")

    # 4. no cell shows an error (tracebacks, stderr streams and outputs that failed to render
    #    are all shown as application/vnd.jupyter.stderr); every cell ran, in order
    problems = [(i, sources[i].splitlines()[0], c["stderr"]) for i, c in enumerate(s["cells"]) if c["stderr"]]
    assert problems == [], f"cells with error or stderr output: {problems}"
    counts = [int(re.search(r"\d+", c["prompt"]).group()) for c in s["cells"]]
    assert counts == sorted(counts) and len(set(counts)) == len(counts), counts

    # 5. the charts are images that decoded; the tone arc is the first cell calling plot_tone_arc
    charts = [i for i, src in enumerate(sources) if re.search(r"\bviz\.plot_\w+\(", src)]
    tone_arc = next(i for i in charts if "viz.plot_tone_arc(" in sources[i])
    drawn = [i for i in charts
             if any(ok and w > 100 and h > 100 for ok, w, h in s["cells"][i]["images"])]
    assert tone_arc in drawn, f"tone arc cell {tone_arc}: {s['cells'][tone_arc]}"
    assert len([i for i in drawn if i != tone_arc]) >= 3, f"charts drawn in cells {drawn} of {charts}"
    assert drawn == charts, f"chart cells without a decoded image: {sorted(set(charts) - set(drawn))}"
    cells = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell.jp-CodeCell")
    tone_img = cells.nth(tone_arc).locator(".jp-OutputArea-output img").first
    tone_img.scroll_into_view_if_needed(timeout=deadline.ms(10))
    assert tone_img.is_visible()

    # 6. the highlighted article is visible, with its colours (the sanitizer kept them)
    article = page.locator(".jp-OutputArea-output .cadrage-tone").first
    article.scroll_into_view_if_needed(timeout=deadline.ms(10))
    assert article.is_visible()
    assert article.locator("span.sentence").count() > 5
    marks = article.locator("mark.tone")
    assert marks.count() > 0
    colours = marks.evaluate_all("ms => ms.map(m => getComputedStyle(m).backgroundColor)")
    assert any(c.startswith(("rgba(33, 102, 172", "rgba(178, 24, 43")) for c in colours), colours[:5]

    # 7. the export cell wrote outside the repository; nothing reached the network
    reports = list(lab["out_dir"].glob("*/report.html"))
    assert reports, "the export cell wrote no report"
    assert (ROOT / "notebooks" / NOTEBOOK).stat().st_mtime_ns == committed
    assert page.remote_requests == [], page.remote_requests[:5]

    # 8. screenshot for the README: highlighted text then the tone arc, sidebar folded
    if os.environ.get(UPDATE_ENV) == "1":
        page.keyboard.press("Control+b")  # fold the file browser
        page.mouse.move(VIEWPORT["width"] // 2, VIEWPORT["height"] - 5)  # no hover effects
        tone_img.evaluate("e => e.scrollIntoView({block: 'end'})")
        page.wait_for_timeout(500)
        raw = tmp_path / "notebook-01.readme.png"
        page.screenshot(path=str(raw))
        shrink_png(raw, DOC_IMAGE)
        print(f"updated {DOC_IMAGE} ({DOC_IMAGE.stat().st_size} bytes)")

    # 9. the report reads first: its first screen holds the title, the summary and the whole first chart
    page.goto(reports[0].as_uri(), timeout=deadline.ms(30))
    first = page.evaluate(FIRST_SCREEN_JS)
    page.screenshot(path=str(tmp_path / "report.png"))
    height = VIEWPORT["height"]
    assert first["brief"] and first["chart"], first
    assert first["brief"]["items"] >= 4 and first["brief"]["bottom"] < height, first
    assert first["chart"]["id"] == "fig-tone_arc" and first["chart"]["top"] < height, first
    assert first["chart"]["bottom"] <= height and first["chart"]["natural"] > 100, first
    assert "summary.json" not in first["text_before"] and "gdelt" not in first["text_before"], first
    assert page.remote_requests == [], page.remote_requests[:5]
    if os.environ.get(UPDATE_ENV) == "1":
        shrink_png(tmp_path / "report.png", REPORT_IMAGE)
        print(f"updated {REPORT_IMAGE} ({REPORT_IMAGE.stat().st_size} bytes)")
