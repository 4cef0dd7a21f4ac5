"""Markdown and HTML into clean sections: shortcodes, Hugo anchors, sentences, facts."""
