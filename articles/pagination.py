from django.core.paginator import Paginator


class ForgivingPaginationMixin:
    """
    Lists never fail on their `?page=`: junk shows the first page and a
    number past the end shows the last, as readers following an old link
    expect.
    """

    page_kwarg = "page"

    def paginate_queryset(self, queryset, page_size):
        paginator = Paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()
