"""Annual quota declarations (按比例就业年审): services, selectors, roster import, exports, public 公示."""
