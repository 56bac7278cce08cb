"""``{% object_panels obj %}``: what the upper apps add to a record's page (see committees.panels)."""

from django import template

from committees import panels as registry

register = template.Library()


@register.inclusion_tag("includes/panels.html", takes_context=True)
def object_panels(context, obj):
    request = context.get("request")
    found = registry.collect("object", request, obj) if request is not None else []
    return {"panels": found, "request": request, "obj": obj}
