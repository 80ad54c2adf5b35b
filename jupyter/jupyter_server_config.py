# Jupyter server settings of `make lab` (read through JUPYTER_CONFIG_PATH=jupyter/, on top of
# the user's own settings; tests/test_browser.py starts its server with the same file).
#
# * One entry per notebook in the file browser.  Each notebook is a jupytext pair
#   (`01_tone_and_framing.py`, py:percent, and `.ipynb`).  Jupytext's contents manager (its
#   server extension is installed with jupytext) opens the `.ipynb` and reads its cells from the
#   `.py`, the source under version control; saving writes both.  The `.py` files are hidden
#   from the listing (`hide_globs`), so the browser shows each notebook once, with the notebook
#   icon.  The server's root is notebooks/, which holds only notebooks: a plain script put
#   there would be hidden too (it is still on disk and opens by its path).
# * Notebooks that open unmodified.  JupyterLab copies the kernel's `language_info`
#   (Python version included) into the notebook when the kernel starts and marks the notebook
#   modified if it differs.  The committed notebooks carry no `language_info` (it depends on
#   the machine, like outputs), so it is filled in here, as the venv's Python kernel reports
#   it, when a notebook without one is opened.
# ruff: noqa: F821  (`get_config` is provided by traitlets when it loads this file)
import copy

from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
from jupytext.async_contentsmanager import build_async_jupytext_contents_manager_class

c = get_config()  # noqa: F821

c.ContentsManager.hide_globs = ["__pycache__", "*.pyc", "*.pyo", ".DS_Store", "*~", "*.py"]


class CadrageContentsManager(build_async_jupytext_contents_manager_class(AsyncLargeFileManager)):
    """Jupytext's contents manager; a Python notebook without `language_info` gets the kernel's."""

    async def get(self, path, content=True, type=None, format=None, **kwargs):
        model = await super().get(path, content=content, type=type, format=format, **kwargs)
        if content and model.get("type") == "notebook":
            meta = model["content"].metadata
            if "language_info" not in meta and meta.get("kernelspec", {}).get("language") == "python":
                from ipykernel.ipkernel import IPythonKernel  # the python3 kernel runs this interpreter

                meta["language_info"] = copy.deepcopy(IPythonKernel.language_info)
        return model


c.ServerApp.contents_manager_class = CadrageContentsManager
