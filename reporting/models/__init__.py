from .engine import Deadline, DeadlineState, Notification, NotificationState, StepKind

__all__ = ["Deadline", "DeadlineState", "Notification", "NotificationState", "StepKind"]
