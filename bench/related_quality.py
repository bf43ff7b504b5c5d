"""
Related-story quality on the synthetic corpus: precision@5.

For a sample of published articles, the share of their (up to) five related
stories that come from the same topic cluster. Target: at least 0.9.

    .venv/bin/python bench/related_quality.py [--articles 100000] [--sample 500]
"""

import argparse
import random
import statistics
import time

from _setup import ensure_corpus, use_database


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=500)
    parser.add_argument("--database-url", default="")
    options = parser.parse_args()
    url = use_database(options.database_url, name=f"corpus-{options.articles}")
    ensure_corpus(options.articles)

    from articles.models import Article
    from articles.related import related_stories
    from demo.corpus import topic_of

    ids = list(Article.objects.published().order_by("pk").values_list("pk", flat=True))
    sample = random.Random(7).sample(ids, min(options.sample, len(ids)))
    precisions, timings = [], []
    for pk in sample:
        article = Article.objects.prefetch_related("organizations", "people", "tags").get(pk=pk)
        started = time.perf_counter()
        stories = related_stories(article)
        timings.append(time.perf_counter() - started)
        topic = topic_of(article)
        hits = sum(topic_of(story.article) == topic for story in stories)
        precisions.append(hits / 5)
    print(f"database          {url.split('://')[0]}")
    print(f"articles          {options.articles}")
    print(f"sampled           {len(sample)}")
    print(f"precision@5       {statistics.mean(precisions):.3f}  (target >= 0.900)")
    print(f"median time       {statistics.median(timings) * 1000:.1f} ms per article")
    print(f"p95 time          {sorted(timings)[int(len(timings) * 0.95)] * 1000:.1f} ms")


if __name__ == "__main__":
    main()
