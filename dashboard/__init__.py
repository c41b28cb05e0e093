"""Staff dashboard and reports (数据看板): district and town indicators, SVG charts with tables, xlsx
exports, background report jobs and the public summary page."""
