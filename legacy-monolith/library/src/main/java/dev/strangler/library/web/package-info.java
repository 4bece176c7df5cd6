/** The server-rendered pages (Thymeleaf) next to the JSON API, and the redirects to them. */
package dev.strangler.library.web;
