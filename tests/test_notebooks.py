"""Every course notebook (docs/notebooks) runs top to bottom at the test scale, its assertions included:
a failing cell fails the test with that cell's error. Nothing is written into the repository."""
import pytest

from scripts.run_notebooks import NOTEBOOKS, execute


@pytest.mark.parametrize('path', sorted(NOTEBOOKS.glob('*.ipynb')), ids=lambda path: path.stem)
def test_notebook_runs_at_test_scale(path, tmp_path):
  execute(path, 'test', str(tmp_path), timeout=300)
