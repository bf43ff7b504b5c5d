"""
The newsroom's desk for stories: articles (`articles.admin.articles`) with
their form, inlines and tag choices, sections and tags. Importing the
package registers them all.
"""

from articles.admin import sections, tags
from articles.admin.articles import ArticleAdmin

__all__ = ["ArticleAdmin", "sections", "tags"]
