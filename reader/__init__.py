"""
What readers see beyond the story pages: the front page
(`reader.views`), organization and person profiles and the directory
(`reader.profiles`), robots.txt and the favicon, health checks
(`reader.health`) and what every page's masthead needs
(`reader.context_processors`).
"""
