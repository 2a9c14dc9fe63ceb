"""The only Streamlit code in lib/: loading, the page shell, pickers and widgets.

Pages import what they use from here.
"""

from lib.ui.loading import (
    LoadResult,
    SecretsError,
    clear_cache,
    current_config,
    load_result,
    read_secrets,
)
from lib.ui.pickers import office_picker, period_picker
from lib.ui.shell import (
    MEETING_PAGE,
    QUALITY_PAGE,
    access_gate,
    banner,
    check_access,
    ensure_shell,
    get_dataset,
    operator_notices,
    organisation,
    page_start,
    reload_button,
    sidebar_name,
    stale_banner,
)
from lib.ui.widgets import (
    cached,
    chart,
    dataframe,
    download,
    downloads,
    metrics,
    problem_card,
    responsive_css,
    row,
    table,
)

__all__ = [
    "LoadResult",
    "MEETING_PAGE",
    "QUALITY_PAGE",
    "SecretsError",
    "access_gate",
    "banner",
    "cached",
    "chart",
    "check_access",
    "clear_cache",
    "current_config",
    "dataframe",
    "download",
    "downloads",
    "ensure_shell",
    "get_dataset",
    "load_result",
    "metrics",
    "office_picker",
    "operator_notices",
    "organisation",
    "page_start",
    "period_picker",
    "problem_card",
    "read_secrets",
    "reload_button",
    "responsive_css",
    "row",
    "sidebar_name",
    "stale_banner",
    "table",
]
