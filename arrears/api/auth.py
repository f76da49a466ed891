from ninja.security import HttpBearer, django_auth

from arrears.users.actions import authenticate_token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer arr_...`: a token made with `arrears token create USER NAME`."""

    openapi_scheme = "bearer"

    def authenticate(self, request, token: str):
        user = authenticate_token(token)
        if user is not None:
            request.user = user
        return user


AUTH = [TokenAuth(), django_auth]  # tokens for systems; the session cookie for someone logged in (docs page)
